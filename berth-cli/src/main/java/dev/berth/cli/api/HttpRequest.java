package dev.berth.cli.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One HTTP/1.1 request to the daemon.
 *
 * @param method  e.g. {@code GET}
 * @param target  path and query, already encoded, e.g. {@code /v1.41/images/json?all=1}
 * @param headers extra headers (Host, Content-Length and framing are added by the transport)
 * @param body    what to send, if anything
 */
public record HttpRequest(String method, String target, Map<String, String> headers, Optional<RequestBody> body) {
    public HttpRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(target, "target");
        if (!target.startsWith("/")) {
            throw new IllegalArgumentException("request target must start with /: " + target);
        }
        headers = Map.copyOf(headers);
        Objects.requireNonNull(body, "body");
    }

    public static HttpRequest of(String method, String target) {
        return new HttpRequest(method, target, Map.of(), Optional.empty());
    }

    public HttpRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpRequest(method, target, h, body);
    }

    public HttpRequest withBody(RequestBody newBody) {
        return new HttpRequest(method, target, headers, Optional.of(newBody));
    }
}
