package dev.berth.registry.api;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A repository name (OCI distribution spec, "Pulling manifests": {@code <name>}), matching
 * {@code [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*(\/[a-z0-9]+((\.|_|__|-+)[a-z0-9]+)*)*}, at most 255 characters as in
 * distribution. No component can be empty, {@code .}, {@code ..} or start with {@code _}, so a name is always a safe
 * relative path that cannot meet the store's own {@code _layers}/{@code _manifests} directories.
 */
public record RepositoryName(String value) implements Comparable<RepositoryName> {
    public static final int MAX_LENGTH = 255;
    private static final Pattern GRAMMAR = Pattern.compile(
            "[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:\\.|_|__|-+)[a-z0-9]+)*)*");

    public RepositoryName {
        Objects.requireNonNull(value, "name");
        if (value.length() > MAX_LENGTH) {
            throw new RegistryException(ErrorCode.NAME_INVALID,
                    "repository name must not be more than " + MAX_LENGTH + " characters");
        }
        if (!GRAMMAR.matcher(value).matches()) {
            throw new RegistryException(ErrorCode.NAME_INVALID, "invalid repository name \"" + abbreviate(value)
                    + "\": must match " + GRAMMAR.pattern());
        }
    }

    public static RepositoryName of(String value) {
        return new RepositoryName(value);
    }

    public static boolean isValid(String value) {
        return value.length() <= MAX_LENGTH && GRAMMAR.matcher(value).matches();
    }

    @Override
    public int compareTo(RepositoryName o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }
}
