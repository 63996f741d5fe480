package dev.berth.cli.api;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

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
        List<Map.Entry<String, String>> sorted = new ArrayList<>(params);
        sorted.sort(BY_KEY); // stable, as Go's sort of the keys keeps each key's values in order
        StringBuilder query = new StringBuilder();
        for (Map.Entry<String, String> e : sorted) {
            query.append(query.isEmpty() ? '?' : '&')
                    .append(encode(e.getKey())).append('=').append(encode(e.getValue()));
        }
        return query.toString();
    }

    /**
     * A class, not {@code Comparator.comparing}: the JDK's lambda inside it is generated at its first call on every
     * start (the AOT cache does not keep it), and every run asks for a query.
     */
    private static final Comparator<Map.Entry<String, String>> BY_KEY = new ByKey();

    private static final class ByKey implements Comparator<Map.Entry<String, String>> {
        @Override
        public int compare(Map.Entry<String, String> a, Map.Entry<String, String> b) {
            return a.getKey().compareTo(b.getKey());
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
