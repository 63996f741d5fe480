package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.cli.api.StreamFrames;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth logs CONTAINER}: {@code GET /containers/{id}/logs}, framed (stdout and stderr apart) unless the
 * container has a TTY; {@code -f} follows until the container stops.
 */
@Command(name = "logs", mixinStandardHelpOptions = true, description = "Fetch the logs of a container")
public final class LogsCommand extends DaemonCommand {
    @Option(names = "--details", description = "Show extra details provided to logs")
    boolean details;

    @Option(names = {"-f", "--follow"}, description = "Follow log output")
    boolean follow;

    @Option(names = "--since", paramLabel = "string", description = "Show logs since timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")
    String since = "";

    @Option(names = "--until", paramLabel = "string", description = "Show logs before a timestamp (e.g. \"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)")
    String until = "";

    @Option(names = {"-n", "--tail"}, paramLabel = "string", description = "Number of lines to show from the end of the logs (default \"all\")")
    String tail = "all";

    @Option(names = {"-t", "--timestamps"}, description = "Show timestamps")
    boolean timestamps;

    @Parameters(paramLabel = "CONTAINER", arity = "1")
    String container;

    @Override
    int run() {
        JsonNode info = client().json("GET", "/containers/" + container + "/json", Query.empty());
        Clock clock = Clock.systemUTC();
        Query q = Query.empty().flag("stdout", true).flag("stderr", true).flag("follow", follow)
                .flag("timestamps", timestamps).flag("details", details).with("tail", tail);
        if (!since.isEmpty()) {
            q = q.with("since", Timestamps.of(since, "since", clock));
        }
        if (!until.isEmpty()) {
            q = q.with("until", Timestamps.of(until, "until", clock));
        }
        OutputStream stdout = root().stdout(out());
        OutputStream stderr = root().stderr(err());
        try (HttpResponse r = client().send("GET", "/containers/" + container + "/logs", q)) {
            InputStream body = r.body();
            if (info.path("Config").path("Tty").asBoolean()) {
                body.transferTo(stdout);
                stdout.flush();
            } else {
                StreamFrames.copy(body, stdout, stderr);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("logs " + container, e);
        }
        return 0;
    }
}
