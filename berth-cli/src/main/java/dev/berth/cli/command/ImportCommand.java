package dev.berth.cli.command;

import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.cli.api.RequestBody;
import dev.berth.cli.api.CliException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth import file|URL|- [REPOSITORY[:TAG]]}: a root filesystem tarball made an image with
 * {@code POST /images/create?fromSrc=…}; a URL is fetched by the daemon, a file or stdin is streamed to it.
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import the contents from a tarball to create a filesystem image")
public final class ImportCommand extends DaemonCommand {
    @Option(names = {"-c", "--change"}, paramLabel = "list", description = "Apply Dockerfile instruction to the created image")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "string", description = "Set commit message for imported image")
    String message = "";

    @Option(names = "--platform", paramLabel = "string", description = "Set platform if server is multi-platform capable")
    String platform;

    @Parameters(index = "0", paramLabel = "file|URL|-")
    String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String repository = "";

    @Override
    int run() {
        if (!repository.isEmpty()) {
            reference(repository);
        }
        boolean url = source.startsWith("http://") || source.startsWith("https://");
        Query query = Query.empty().with("fromSrc", url ? source : "-");
        if (!repository.isEmpty()) {
            query = query.with("repo", repository);
        }
        if (!message.isEmpty()) {
            query = query.with("message", message);
        }
        if (platform != null && !platform.isEmpty()) {
            query = query.with("platform", platform.toLowerCase(Locale.ROOT));
        }
        for (String change : changes) {
            query = query.with("changes", change);
        }
        HttpRequest request = HttpRequest.of("POST", "/images/create" + query);
        try (InputStream in = url ? InputStream.nullInputStream()
                : source.equals("-") ? root().stdin() : Files.newInputStream(Path.of(source))) {
            if (!url) {
                request = request.withBody(new RequestBody.Streamed("text/plain", in));
            }
            try (HttpResponse response = client().send(request)) {
                ProgressOutput.show(response.body(), out(), false, aux -> { });
            }
        } catch (NoSuchFileException e) {
            throw new CliException("open " + source + ": no such file or directory", 1, e);
        } catch (IOException e) {
            throw new CliException("open " + source + ": " + e.getMessage(), 1, e);
        }
        return 0;
    }
}
