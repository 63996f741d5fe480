package dev.berth.engine.api;

import dev.berth.oci.error.BerthException;
import java.util.Arrays;

/**
 * An Engine API version ({@code 1.50}), compared component by component as docker's {@code versions.Compare}. A
 * request names it in its path ({@code /v1.43/images/json}); unprefixed requests get {@link #MAX}.
 */
public record ApiVersion(int[] parts) implements Comparable<ApiVersion> {
    /** What docker CLI 28.2 asks for, and what dockerd 28 serves. */
    public static final ApiVersion MAX = parse("1.50");
    /**
     * The Docker Engine release whose API ({@link #MAX}) berthd serves, reported as the server's version: clients
     * gate on it (Testcontainers refuses a daemon older than 1.6.0), so Berth's own version would read as ancient.
     * Berth's version is reported beside it, as a component of its own.
     */
    public static final String ENGINE_VERSION = "28.2.0";
    /** The oldest version dockerd 28 still serves. */
    public static final ApiVersion MIN = parse("1.24");

    public ApiVersion {
        parts = parts.clone();
    }

    public static ApiVersion parse(String text) {
        if (!text.matches("[0-9]+(\\.[0-9]+)*")) {
            throw BerthException.invalid("invalid API version " + text);
        }
        return new ApiVersion(Arrays.stream(text.split("\\.")).mapToInt(Integer::parseInt).toArray());
    }

    /**
     * The version a request asked for, checked with dockerd's words: {@code client version 1.12 is too old. Minimum
     * supported API version is 1.24, please upgrade your client to a newer version}.
     */
    public static ApiVersion negotiate(String requested) {
        ApiVersion v = parse(requested);
        if (v.compareTo(MIN) < 0) {
            throw BerthException.invalid("client version " + requested + " is too old. Minimum supported API version"
                    + " is " + MIN + ", please upgrade your client to a newer version");
        }
        if (v.compareTo(MAX) > 0) {
            throw BerthException.invalid("client version " + requested + " is too new. Maximum supported API version"
                    + " is " + MAX);
        }
        return v;
    }

    public boolean lessThan(String other) {
        return compareTo(parse(other)) < 0;
    }

    @Override
    public int compareTo(ApiVersion o) {
        for (int i = 0; i < Math.max(parts.length, o.parts.length); i++) {
            int a = i < parts.length ? parts[i] : 0;
            int b = i < o.parts.length ? o.parts[i] : 0;
            if (a != b) {
                return Integer.compare(a, b);
            }
        }
        return 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ApiVersion v && compareTo(v) == 0;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(parts);
    }

    @Override
    public String toString() {
        return String.join(".", Arrays.stream(parts).mapToObj(Integer::toString).toList());
    }
}
