package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import io.netty.handler.codec.http.HttpHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One Engine API request as a handler sees it: method, path without its version prefix, the negotiated version,
 * query parameters, headers, and the body as a stream. {@code params} holds what the route's pattern captured
 * (the image name of {@code /images/{name}/json}).
 */
public record ApiRequest(String method, String path, ApiVersion version, Map<String, List<String>> query,
        HttpHeaders headers, InputStream body, List<String> params) {
    private static final int MAX_JSON_BODY = 1024 * 1024;

    public ApiRequest {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(version, "version");
        query = Map.copyOf(query);
        Objects.requireNonNull(headers, "headers");
        Objects.requireNonNull(body, "body");
        params = List.copyOf(params);
    }

    public ApiRequest withParams(List<String> captured) {
        return new ApiRequest(method, path, version, query, headers, body, captured);
    }

    public String param(int i) {
        return params.get(i);
    }

    public Optional<String> query(String name) {
        List<String> v = query.get(name);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v.getFirst());
    }

    public List<String> queryAll(String name) {
        return query.getOrDefault(name, List.of());
    }

    /** docker's {@code httputils.BoolValue}: anything but empty, 0, no, false, none is true. */
    public boolean flag(String name) {
        String v = query(name).orElse("").strip().toLowerCase(java.util.Locale.ROOT);
        return !(v.isEmpty() || v.equals("0") || v.equals("no") || v.equals("false") || v.equals("none"));
    }

    /** The {@code filters} parameter, in either of docker's JSON forms. */
    public Map<String, List<String>> filters() {
        return Filters.parse(query("filters").orElse(""));
    }

    /** The body as JSON; empty when there is none. */
    public Optional<JsonNode> json() {
        try {
            byte[] bytes = body.readNBytes(MAX_JSON_BODY + 1);
            if (bytes.length > MAX_JSON_BODY) {
                throw BerthException.invalid("request body is larger than " + MAX_JSON_BODY + " bytes");
            }
            if (bytes.length == 0) {
                return Optional.empty();
            }
            return Optional.of(Json.MAPPER.readTree(bytes));
        } catch (IOException e) {
            throw BerthException.invalid("invalid JSON body: " + e.getMessage());
        }
    }
}
