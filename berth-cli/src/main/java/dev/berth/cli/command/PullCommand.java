package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.oci.reference.Reference;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth pull NAME[:TAG|@DIGEST]}: {@code POST /images/create?fromImage=…&tag=…}, showing the daemon's
 * progress stream, then the full reference pulled — the lines {@code docker pull} prints.
 */
public final class PullCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag ALL_TAGS = new Flag(Flag.Kind.FLAG, "", "Download all tagged images in the repository",
            "-a", "--all-tags");
    private static final Flag PLATFORM = new Flag(Flag.Kind.STRING, "string",
            "Set platform if server is multi-platform capable", "--platform");
    private static final Flag QUIET = new Flag(Flag.Kind.FLAG, "", "Suppress verbose output", "-q", "--quiet");
    /** Labelled as picocli labels an annotated field's value: its name. */
    private static final Flag CONTENT_TRUST = new Flag(Flag.Kind.FLAG_DEFAULT_TRUE, "<disableContentTrust>",
            "Skip image verification (default true)", "--disable-content-trust");

    boolean allTags;
    String platform;
    boolean quiet;
    String name;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "pull", "Download an image from a registry",
                List.of(ALL_TAGS, PLATFORM, QUIET, CONTENT_TRUST));
        spec.addPositional(SpecifiedCommand.value("NAME[:TAG|@DIGEST]"));
        return spec;
    }

    private void readFlags() {
        allTags = ALL_TAGS.isSet(spec);
        platform = PLATFORM.string(spec);
        quiet = QUIET.isSet(spec);
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
        if (!allTags && nameOnly) {
            ref = ref.withDefaultTag();
            if (!quiet) {
                out().println("Using default tag: " + Reference.DEFAULT_TAG);
                out().flush();
            }
        }
        pull(this, ref, allTags, platform, out(), quiet);
        out().println(ref);
        return 0;
    }

    /**
     * {@code POST /images/create} for {@code ref} with the stored credentials, its progress shown on {@code out}
     * ({@code run} and {@code create} show it on stderr).
     */
    static void pull(DaemonCommand command, Reference ref, boolean allTags, String platform, PrintWriter out,
            boolean quiet) {
        Query query = Query.empty().with("fromImage", ref.name());
        if (!allTags) {
            query = query.with("tag", ref.digest().isPresent() ? ref.digest().get().toString() : ref.tag().orElseThrow());
        }
        if (platform != null && !platform.isEmpty()) {
            query = query.with("platform", platform.toLowerCase(Locale.ROOT));
        }
        HttpRequest request = HttpRequest.of("POST", "/images/create" + query)
                .withHeader(RegistryAuth.HEADER, RegistryAuth.header(command.root(), ref));
        try (HttpResponse response = command.client().send(request)) {
            ProgressOutput.show(response.body(), out, quiet, aux -> { });
        }
    }
}
