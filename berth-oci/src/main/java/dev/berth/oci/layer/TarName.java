package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A tar entry name (or hard link target) cleaned lexically, as docker's {@code filepath.Clean} does: leading slashes
 * dropped, {@code .} and empty components removed, {@code ..} folded; a name that climbs above the root is refused.
 * The empty list is the root itself.
 */
record TarName(List<String> components) {
    /** Linux's PATH_MAX and NAME_MAX: longer names cannot be created, so they are refused up front. */
    private static final int PATH_MAX = 4096;
    private static final int NAME_MAX = 255;

    TarName {
        components = List.copyOf(components);
    }

    static TarName parse(String raw) {
        if (raw.indexOf('\0') >= 0) {
            throw BerthException.invalid("name contains a NUL byte");
        }
        if (raw.getBytes(StandardCharsets.UTF_8).length > PATH_MAX) {
            throw BerthException.invalid("name longer than " + PATH_MAX + " bytes");
        }
        List<String> out = new ArrayList<>();
        for (String c : raw.split("/")) {
            switch (c) {
                case "", "." -> {}
                case ".." -> {
                    if (out.isEmpty()) {
                        throw BerthException.invalid("path escapes root");
                    }
                    out.removeLast();
                }
                default -> {
                    if (c.getBytes(StandardCharsets.UTF_8).length > NAME_MAX) {
                        throw BerthException.invalid("name component longer than " + NAME_MAX + " bytes");
                    }
                    out.add(c);
                }
            }
        }
        return new TarName(out);
    }

    boolean isRoot() {
        return components.isEmpty();
    }

    String base() {
        return components.getLast();
    }

    TarName parent() {
        return new TarName(components.subList(0, components.size() - 1));
    }

    int depth() {
        return components.size();
    }

    @Override
    public String toString() {
        return String.join("/", components);
    }
}
