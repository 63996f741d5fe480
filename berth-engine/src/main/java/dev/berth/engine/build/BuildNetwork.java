package dev.berth.engine.build;

import dev.berth.oci.error.BerthException;

/**
 * The network RUN steps have, docker's {@code --network} of a build: {@code none} (the default here: only loopback)
 * or {@code host} (the daemon's network namespace, so a RUN reaches what the host reaches, its loopback included).
 */
public enum BuildNetwork {
    NONE,
    HOST;

    /** The {@code networkmode} of {@code POST /build}: {@code default}, {@code none} or {@code host}. */
    public static BuildNetwork parse(String mode) {
        return switch (mode) {
            case "", "default", "none" -> NONE;
            case "host" -> HOST;
            default -> throw BerthException.invalid("network mode " + mode + " is not supported for builds: RUN has"
                    + " no network but loopback (none, default) or the host's (host)");
        };
    }
}
