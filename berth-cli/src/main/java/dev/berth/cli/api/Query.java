package dev.berth.cli.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/** A URL query as Go's {@code url.Values.Encode} writes it: keys sorted, form-encoded. */
public record Query(List<Map.Entry<String, String>> params) {
    public Query {
        params = List.copyOf(params);
    }

    public static Query empty() {
        return new Query(List.of());
    }

    public Query with(String key, String value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        List<Map.Entry<String, String>> p = new ArrayList<>(params);
        p.add(Map.entry(key, value));
        return new Query(p);
    }

    /** Adds the parameter only when {@code on}, as {@code 1}: docker's boolean flags. */
    public Query flag(String key, boolean on) {
        return on ? with(key, "1") : this;
    }

    /** {@code ?a=1&b=x} or empty. */
    @Override
    public String toString() {
        if (params.isEmpty()) {
            return "";
        }
        return params.stream().sorted(Comparator.comparing(Map.Entry::getKey))
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&", "?", ""));
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
