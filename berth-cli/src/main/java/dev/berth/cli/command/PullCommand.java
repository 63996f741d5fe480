package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.oci.reference.Reference;
import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth pull NAME[:TAG|@DIGEST]}: {@code POST /images/create?fromImage=…&tag=…}, showing the daemon's
 * progress stream, then the full reference pulled — the lines {@code docker pull} prints.
 */
@Command(name = "pull", mixinStandardHelpOptions = true, description = "Download an image from a registry")
public final class PullCommand extends DaemonCommand {
    @Option(names = {"-a", "--all-tags"}, description = "Download all tagged images in the repository")
    boolean allTags;

    @Option(names = "--platform", paramLabel = "string", description = "Set platform if server is multi-platform capable")
    String platform;

    @Option(names = {"-q", "--quiet"}, description = "Suppress verbose output")
    boolean quiet;

    @Option(names = "--disable-content-trust", arity = "0..1", defaultValue = "true",
            description = "Skip image verification (default true)")
    boolean disableContentTrust;

    @Parameters(paramLabel = "NAME[:TAG|@DIGEST]", arity = "1")
    String name;

    @Override
    int run() {
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
