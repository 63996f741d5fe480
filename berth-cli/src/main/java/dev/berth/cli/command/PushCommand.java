package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.oci.reference.Reference;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth push NAME[:TAG]}: {@code POST /images/{name}/push?tag=…}, showing the progress stream. */
public final class PushCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag ALL_TAGS =
            new Flag(Flag.Kind.FLAG, "", "Push all tags of an image to the repository", "-a", "--all-tags");
    private static final Flag QUIET = new Flag(Flag.Kind.FLAG, "", "Suppress verbose output", "-q", "--quiet");
    private static final Flag CONTENT_TRUST = new Flag(Flag.Kind.FLAG_DEFAULT_TRUE, "<disableContentTrust>",
            "Skip image signing (default true)", "--disable-content-trust");

    boolean allTags;
    boolean quiet;
    boolean disableContentTrust = true;
    String name;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "push", "Upload an image to a registry",
                List.of(ALL_TAGS, QUIET, CONTENT_TRUST));
        spec.addPositional(SpecifiedCommand.value("NAME[:TAG]"));
        return spec;
    }

    private void readFlags() {
        allTags = ALL_TAGS.isSet(spec);
        quiet = QUIET.isSet(spec);
        disableContentTrust = !Boolean.FALSE.equals(Flag.option(spec, CONTENT_TRUST.key()).getValue());
        name = spec.positionalParameters().getFirst().getValue();
    }

    @Override
    int run() {
        readFlags();
        Reference ref = reference(name);
        boolean nameOnly = ref.tag().isEmpty() && ref.digest().isEmpty();
        if (allTags && !nameOnly) {
            throw new CliException("tag can't be used with --all-tags/-a");
        }
        if (ref.digest().isPresent()) {
            throw new CliException("cannot push a digest reference");
        }
        if (!allTags && nameOnly) {
            ref = ref.withDefaultTag();
            if (!quiet) {
                out().println("Using default tag: " + Reference.DEFAULT_TAG);
                out().flush();
            }
        }
        Query query = allTags ? Query.empty() : Query.empty().with("tag", ref.tag().orElseThrow());
        String path = ImagePaths.of(ref.familiarName()) + "/push" + query;
        HttpRequest request = HttpRequest.of("POST", path)
                .withHeader(RegistryAuth.HEADER, RegistryAuth.header(root(), ref));
        try (HttpResponse response = client().send(request)) {
            ProgressOutput.show(response.body(), out(), quiet, aux -> { });
        }
        if (quiet) {
            out().println(ref);
        }
        return 0;
    }
}
