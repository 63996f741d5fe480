package dev.berth.engine.volume;

import dev.berth.oci.error.BerthException;
import java.util.regex.Pattern;

/**
 * The grammar of local volume names (moby {@code daemon/names}): {@code [a-zA-Z0-9][a-zA-Z0-9_.-]+}, so that a name
 * is one path segment under {@code volumes/}; anonymous volumes get 64 random hex digits, as docker's
 * {@code stringid.GenerateRandomID}.
 */
public final class VolumeNames {
    static final String RESTRICTED_CHARS = "[a-zA-Z0-9][a-zA-Z0-9_.-]";
    private static final Pattern NAME = Pattern.compile("^" + RESTRICTED_CHARS + "+$");

    private VolumeNames() {}

    /** Returns {@code name} if the local driver accepts it, else fails with docker's message for the create. */
    public static String check(String name) {
        if (name.length() == 1) {
            throw BerthException.invalid("create " + name
                    + ": volume name is too short, names should be at least two alphanumeric characters");
        }
        if (!NAME.matcher(name).matches()) {
            throw BerthException.invalid("create " + name + ": \"" + name + "\" includes invalid characters for a"
                    + " local volume name, only \"" + RESTRICTED_CHARS + "\" are allowed. If you intended to pass a"
                    + " host directory, use absolute path");
        }
        return name;
    }

    /** A new anonymous volume name: 64 hex digits, as docker's {@code stringid.GenerateRandomID}. */
    public static String random() {
        return dev.berth.engine.container.ContainerStore.newId();
    }
}
