package dev.berth.registry.observe;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the access log: a finished request, written as one JSON object per line
 * ({@code {"time":…,"method":"GET","path":"/v2/…","status":200,"bytes_in":0,"bytes_out":527,"duration_ms":0.41,
 * "remote":"127.0.0.1:50312","user":"alice","route":"manifests","user_agent":"docker/28.2"}}).
 * {@code time} is when the request arrived; {@code status} is 499 when the connection closed before a response was
 * sent.
 */
public record AccessLogEntry(Instant time, String method, String path, int status, long bytesIn, long bytesOut,
        Duration duration, String remote, Optional<String> user, String route, Optional<String> userAgent) {
    public AccessLogEntry {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(duration, "duration");
        Objects.requireNonNull(remote, "remote");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(userAgent, "userAgent");
    }

    /** The JSON line, newline included. */
    public byte[] jsonLine() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("time", time.toString());
        node.put("method", method);
        node.put("path", path);
        node.put("status", status);
        node.put("bytes_in", bytesIn);
        node.put("bytes_out", bytesOut);
        node.put("duration_ms", duration.toNanos() / 1e6);
        node.put("remote", remote);
        user.ifPresentOrElse(u -> node.put("user", u), () -> node.putNull("user"));
        node.put("route", route);
        userAgent.ifPresent(ua -> node.put("user_agent", ua));
        byte[] json = Json.bytes(node);
        byte[] line = java.util.Arrays.copyOf(json, json.length + 1);
        line[json.length] = '\n';
        return line;
    }
}
