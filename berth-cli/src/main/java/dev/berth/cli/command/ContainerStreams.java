package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.HijackedConnection;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.JsonTrees;
import dev.berth.cli.api.Query;
import dev.berth.cli.api.UnixHttpTransport;
import dev.berth.cli.terminal.EscapeProxy;
import java.io.Closeable;
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

    /** {@code POST /containers/{id}/attach?stream=1&…}, to hijack; {@code streams} empty means stdout and stderr. */
    static HttpRequest attachRequest(String id, boolean stdin, List<String> streams, String detachKeys) {
        Query q = Query.empty().flag("stream", true).flag("stdin", stdin)
                .flag("stdout", streams.isEmpty() || streams.contains("stdout"))
                .flag("stderr", streams.isEmpty() || streams.contains("stderr"));
        if (!detachKeys.isEmpty()) {
            q = q.with("detachKeys", detachKeys);
        }
        return HttpRequest.of("POST", "/containers/" + id + "/attach" + q);
    }

    /**
     * {@code POST /containers/{id}/wait?condition=…}: the daemon sends the headers once the wait is registered (at
     * once), the body when the condition is met; {@link #exitCode} reads it.
     */
    private static HttpRequest waitRequest(String id, String condition) {
        return HttpRequest.of("POST", "/containers/" + id + "/wait" + Query.empty().with("condition", condition));
    }

    /**
     * The attach {@code attach} asks for, if any, and the wait for {@code condition}, both in place before the
     * container starts (docker's order: its output and its exit are not missed): both requests go out before either
     * answer is read, so the daemon registers them side by side where the wait used to wait for the attach's answer
     * (~2 ms of each run). The attach's failure is the one reported when both fail, as when they went one by one.
     */
    static Watch watch(DaemonCommand command, String id, Optional<HttpRequest> attach, String condition) {
        EngineClient client = command.client();
        UnixHttpTransport.Sent attaching = attach.isPresent() ? client.beginHijack(attach.get()) : null;
        UnixHttpTransport.Sent waiting;
        try {
            waiting = client.begin(waitRequest(id, condition));
        } catch (RuntimeException e) {
            closeAfter(attaching, e);
            throw e;
        }
        Optional<HijackedConnection> attached = Optional.empty();
        try {
            if (attaching != null) {
                attached = Optional.of(client.hijacked(attaching));
            }
            return new Watch(attached, client.response(waiting));
        } catch (RuntimeException e) {
            closeAfter(waiting, e);
            attached.ifPresent(c -> closeAfter(c, e));
            throw e;
        }
    }

    /** Closes what a failed step leaves open; a failure to close goes with the step's. */
    private static void closeAfter(Closeable open, RuntimeException failure) {
        if (open == null) {
            return;
        }
        try {
            open.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * What a container's start needs in place: the attached connection, if one was asked for, and the wait whose
     * body will be the exit. Closing closes both.
     */
    record Watch(Optional<HijackedConnection> attached, HttpResponse exit) implements AutoCloseable {
        @Override
        public void close() {
            try {
                exit.close();
            } finally {
                attached.ifPresent(HijackedConnection::close);
            }
        }
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
