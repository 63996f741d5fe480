package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.cli.api.RequestBody;
import dev.berth.cli.output.Terminal;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth load [-i FILE]}: streams a docker or OCI archive to {@code POST /images/load}. */
public final class LoadCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag INPUT = new Flag(Flag.Kind.STRING, "string",
            "Read from tar archive file, instead of STDIN", "-i", "--input");
    private static final Flag QUIET = new Flag(Flag.Kind.FLAG, "", "Suppress the load output", "-q", "--quiet");
    private static final Flag PLATFORM =
            new Flag(Flag.Kind.LIST, "string", "Load only the given platform variant", "--platform");

    Path input;
    boolean quiet;
    List<String> platforms;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "load", "Load an image from a tar archive or STDIN",
                List.of(INPUT, QUIET, PLATFORM));
        return spec;
    }

    private void readFlags() {
        String file = INPUT.string(spec);
        input = file == null ? null : Path.of(file);
        quiet = QUIET.isSet(spec);
        platforms = PLATFORM.strings(spec);
    }

    @Override
    int run() {
        readFlags();
        boolean terminal = Terminal.stdoutIsTerminal();
        if (input == null && root().stdin() == System.in && Terminal.stdinIsTerminal()) {
            throw new CliException("requested load from stdin, but stdin is empty");
        }
        // Like docker: progress bars only make sense on a terminal, so elsewhere the daemon is asked to be quiet.
        Query query = Query.empty().flag("quiet", quiet || !terminal);
        if (platforms != null) {
            for (String p : platforms) {
                query = query.with("platform", PlatformJson.of(p));
            }
        }
        try (InputStream in = input == null ? root().stdin() : Files.newInputStream(input)) {
            HttpRequest request = HttpRequest.of("POST", "/images/load" + query)
                    .withBody(new RequestBody.Streamed("application/x-tar", in));
            try (HttpResponse r = client().send(request)) {
                if (r.header("Content-Type").orElse("").startsWith("application/json")) {
                    ProgressOutput.show(r.body(), out(), false, aux -> { });
                } else {
                    out().print(r.readString());
                }
            }
        } catch (NoSuchFileException e) {
            throw new CliException("open " + input + ": no such file or directory", 1, e);
        } catch (IOException e) {
            throw new CliException("open " + input + ": " + e.getMessage(), 1, e);
        }
        return 0;
    }
}
