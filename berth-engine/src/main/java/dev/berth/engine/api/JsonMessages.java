package dev.berth.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * A stream of docker's JSON messages ({@code jsonmessage.JSONMessage}), one object per line, as load, pull and push
 * answer. The HTTP response starts with the first message, so that a failure before it is a plain error response
 * with its status code, as dockerd does; a failure after it becomes an {@code errorDetail} message.
 */
final class JsonMessages implements AutoCloseable {
    private final ApiResponse response;
    private OutputStream out;

    JsonMessages(ApiResponse response) {
        this.response = response;
    }

    /** {@code {"stream": "line\n"}}, as load prints its results. */
    void stream(String line) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("stream", line + "\n");
        send(n);
    }

    /** Any message object: {@code status}, {@code id}, {@code progressDetail}, … */
    void send(ObjectNode message) {
        try {
            if (out == null) {
                out = response.stream(HttpResponseStatus.OK, "application/json");
            }
            out.write(Json.bytes(message));
            out.write("\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("send progress", e);
        }
    }

    boolean started() {
        return out != null;
    }

    /** Ends the stream with {@code error}, once messages were sent: {@code {"errorDetail": {...}, "error": "..."}}. */
    void error(String message) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.putObject("errorDetail").put("message", message);
        n.put("error", message);
        send(n);
    }

    @Override
    public void close() throws IOException {
        if (out != null) {
            out.close();
        }
    }
}
