package dev.berth.registry.api;

import java.util.Objects;
import java.util.regex.Pattern;

/** A tag (OCI distribution spec, {@code <reference>} as a tag): {@code [a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}}. */
public record Tag(String value) implements Comparable<Tag> {
    private static final Pattern GRAMMAR = Pattern.compile("[a-zA-Z0-9_][a-zA-Z0-9._-]{0,127}");

    public Tag {
        Objects.requireNonNull(value, "tag");
        if (!isValid(value)) {
            throw new RegistryException(ErrorCode.TAG_INVALID, "invalid tag \""
                    + (value.length() > 140 ? value.substring(0, 140) + "…" : value) + "\": must match "
                    + GRAMMAR.pattern());
        }
    }

    public static boolean isValid(String value) {
        return GRAMMAR.matcher(value).matches();
    }

    @Override
    public int compareTo(Tag o) {
        return value.compareTo(o.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
