package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth export CONTAINER}: the container's file system as a tar ({@code GET /containers/{id}/export}). */
@Command(name = "export", mixinStandardHelpOptions = true, description = "Export a container's filesystem as a tar archive")
public final class ExportCommand extends DaemonCommand {
    @Option(names = {"-o", "--output"}, paramLabel = "string", description = "Write to a file, instead of STDOUT")
    Path output;

    @Parameters(paramLabel = "CONTAINER", arity = "1")
    String container;

    @Override
    int run() {
        if (output == null && Streams.stdoutIsTerminal(root())) {
            throw new CliException("cowardly refusing to save to a terminal. Use the -o flag or redirect");
        }
        try (HttpResponse r = client().send("GET", "/containers/" + container + "/export", Query.empty())) {
            if (output == null) {
                OutputStream out = root().stdout(out());
                r.body().transferTo(out);
                out.flush();
            } else {
                Path dir = output.toAbsolutePath().getParent();
                Path temp = Files.createTempFile(dir, ".docker_temp_", "");
                try {
                    try (OutputStream out = Files.newOutputStream(temp)) {
                        r.body().transferTo(out);
                    }
                    Files.move(temp, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                } finally {
                    Files.deleteIfExists(temp);
                }
            }
        } catch (IOException e) {
            throw new CliException("failed to export container: " + e.getMessage(), 1, e);
        }
        return 0;
    }

}
