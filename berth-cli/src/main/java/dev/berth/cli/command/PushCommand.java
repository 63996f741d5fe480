package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.oci.reference.Reference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth push NAME[:TAG]}: {@code POST /images/{name}/push?tag=…}, showing the progress stream. */
@Command(name = "push", mixinStandardHelpOptions = true, description = "Upload an image to a registry")
public final class PushCommand extends DaemonCommand {
    @Option(names = {"-a", "--all-tags"}, description = "Push all tags of an image to the repository")
    boolean allTags;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Option(names = "--disable-content-trust", arity = "0..1", defaultValue = "true",
            description = "Skip image signing (default true)")
    boolean disableContentTrust;

    @Parameters(paramLabel = "NAME[:TAG]", arity = "1")
    String name;

    @Override
    int run() {
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
