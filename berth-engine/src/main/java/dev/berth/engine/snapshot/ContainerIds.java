package dev.berth.engine.snapshot;

import dev.berth.oci.error.BerthException;
import java.util.regex.Pattern;

/** The grammar of ids that name on-disk state: they become path segments, so no separators and no dot names. */
public final class ContainerIds {
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,127}");

    private ContainerIds() {}

    /** Returns {@code id} if it is a valid id, else fails with INVALID_ARGUMENT. */
    public static String check(String id) {
        if (id == null || !ID.matcher(id).matches()) {
            throw BerthException.invalid("invalid container id " + id + ": must match " + ID.pattern());
        }
        return id;
    }
}
