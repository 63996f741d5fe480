package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.HijackedConnection;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.JsonTrees;
import dev.berth.cli.api.Query;
import dev.berth.cli.terminal.EscapeProxy;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Optional;

/** The attach, wait and streaming steps {@code run}, {@code start -a} and {@code attach} share. */
final class ContainerStreams {
    /** docker's default detach sequence: ctrl-p, ctrl-q. */
    static final byte[] DEFAULT_DETACH_KEYS = {16, 17};

    private ContainerStreams() {}

    /** {@code POST /containers/{id}/attach?stream=1&…}, hijacked; {@code streams} empty means stdout and stderr. */
    static HijackedConnection attach(DaemonCommand command, String id, boolean stdin, List<String> streams,
            String detachKeys) {
        Query q = Query.empty().flag("stream", true).flag("stdin", stdin)
                .flag("stdout", streams.isEmpty() || streams.contains("stdout"))
                .flag("stderr", streams.isEmpty() || streams.contains("stderr"));
        if (!detachKeys.isEmpty()) {
            q = q.with("detachKeys", detachKeys);
        }
        return command.client().hijack(HttpRequest.of("POST", "/containers/" + id + "/attach" + q));
    }

    /**
     * {@code POST /containers/{id}/wait?condition=…}: returns once the daemon has sent the headers (it does at
     * once), so the wait is registered before the container starts; {@link #exitCode} reads the answer.
     */
    static HttpResponse waitFor(DaemonCommand command, String id, String condition) {
        return command.client().send(HttpRequest.of("POST",
                "/containers/" + id + "/wait" + Query.empty().with("condition", condition)));
    }

    /** The exit status the wait answered; 125 with docker's message when waiting failed. */
    static int exitCode(DaemonCommand command, HttpResponse wait) {
        try {
            JsonNode result = JsonTrees.parse(wait.body().readAllBytes());
            String error = result == null ? "" : result.path("Error").path("Message").asText("");
            if (result == null || !error.isEmpty()) {
                command.err().println("Error waiting for container: " + (result == null ? "no answer" : error));
                command.err().flush();
                return 125;
            }
            return result.path("StatusCode").asInt();
        } catch (IOException e) {
            command.err().println("error waiting for container: " + e.getMessage());
            command.err().flush();
            return 125;
        }
    }

    /**
     * A session over {@code connection} with berth's own streams.
     *
     * @param resize what keeps the TTY's size, if berth does: brought up to date before typed input is sent
     */
    static AttachSession session(DaemonCommand command, HijackedConnection connection, boolean tty, boolean stdin,
            String detachKeys, ContainerResize resize) {
        OutputStream out = command.root().stdout(command.out());
        OutputStream err = tty ? out : command.root().stderr(command.err());
        return new AttachSession(connection, tty, stdin ? Optional.of(command.root().stdin()) : Optional.empty(),
                out, err, detachKeys(detachKeys), Streams.stdinIsTerminal(command.root()),
                resize == null ? AttachSession.NOTHING : resize::catchUp);
    }

    /** The parsed {@code --detach-keys}; docker falls back to the default on a bad value, and so does berth. */
    static byte[] detachKeys(String text) {
        if (text.isEmpty()) {
            return DEFAULT_DETACH_KEYS;
        }
        try {
            return EscapeProxy.parseKeys(text);
        } catch (IllegalArgumentException e) {
            return DEFAULT_DETACH_KEYS;
        }
    }

    static void close(OutputStream stream) {
        try {
            stream.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("flush output", e);
        }
    }
}
