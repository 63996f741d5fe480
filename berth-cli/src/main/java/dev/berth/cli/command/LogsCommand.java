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
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth logs CONTAINER}: {@code GET /containers/{id}/logs}, framed (stdout and stderr apart) unless the
 * container has a TTY; {@code -f} follows until the container stops.
 */
public final class LogsCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag DETAILS =
            new Flag(Flag.Kind.FLAG, "", "Show extra details provided to logs", "--details");
    private static final Flag FOLLOW = new Flag(Flag.Kind.FLAG, "", "Follow log output", "-f", "--follow");
    private static final Flag SINCE = new Flag(Flag.Kind.STRING, "string", "Show logs since timestamp (e.g. "
            + "\"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)", "--since");
    private static final Flag UNTIL = new Flag(Flag.Kind.STRING, "string", "Show logs before a timestamp (e.g. "
            + "\"2013-01-02T13:23:37Z\") or relative (e.g. \"42m\" for 42 minutes)", "--until");
    private static final Flag TAIL = new Flag(Flag.Kind.STRING, "string",
            "Number of lines to show from the end of the logs (default \"all\")", "-n", "--tail");
    private static final Flag TIMESTAMPS = new Flag(Flag.Kind.FLAG, "", "Show timestamps", "-t", "--timestamps");
    private static final List<Flag> FLAGS = List.of(DETAILS, FOLLOW, SINCE, UNTIL, TAIL, TIMESTAMPS);

    boolean details;
    boolean follow;
    String since = "";
    String until = "";
    String tail = "all";
    boolean timestamps;
    String container;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "logs", "Fetch the logs of a container", FLAGS);
        spec.addPositional(SpecifiedCommand.value("CONTAINER"));
        return spec;
    }

    private void readFlags() {
        details = DETAILS.isSet(spec);
        follow = FOLLOW.isSet(spec);
        since = Objects.requireNonNullElse(SINCE.string(spec), "");
        until = Objects.requireNonNullElse(UNTIL.string(spec), "");
        tail = Objects.requireNonNullElse(TAIL.string(spec), "all");
        timestamps = TIMESTAMPS.isSet(spec);
        container = spec.positionalParameters().getFirst().getValue();
    }

    @Override
    int run() {
        readFlags();
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
