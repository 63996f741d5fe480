package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where container runtime state lives and which tools run containers.
 *
 * @param stateDir per-container state (bundles, pid files, exit codes); must survive a daemon restart, not a reboot
 * @param socketDir conmon's attach socket links; short, as a socket path must fit 108 bytes
 * @param runtimes the OCI runtimes by name ({@code runc}, {@code crun}, ...)
 * @param defaultRuntime the name used when a container names none
 * @param cgroupParent the cgroup below each controller's root that holds the containers' cgroups
 * @param logDir where each container's log is kept, {@code logDir/ID/container.log}: durable, unlike the state
 */
public record RuntimeConfig(Path stateDir, Path socketDir, Path conmon, Map<String, OciRuntime> runtimes,
        String defaultRuntime, String cgroupParent, Path logDir) {
    public static final Path CONMON = Path.of("/usr/bin/conmon");
    private static final int MAX_SOCKET_DIR = 107 - "/0123456789abcdef/attach".length();

    public RuntimeConfig {
        stateDir = stateDir.toAbsolutePath().normalize();
        logDir = logDir.toAbsolutePath().normalize();
        socketDir = socketDir.toAbsolutePath().normalize();
        Objects.requireNonNull(conmon, "conmon");
        runtimes = Map.copyOf(runtimes);
        if (!runtimes.containsKey(defaultRuntime)) {
            throw BerthException.invalid("default runtime " + defaultRuntime + " is not one of " + runtimes.keySet());
        }
        if (socketDir.toString().length() > MAX_SOCKET_DIR) {
            throw BerthException.invalid("socket directory " + socketDir + " is longer than " + MAX_SOCKET_DIR
                    + " bytes: attach socket paths would not fit sun_path");
        }
        if (!cgroupParent.startsWith("/")) {
            throw BerthException.invalid("cgroup parent " + cgroupParent + " must be absolute");
        }
    }

    /** Logs kept with the state, in each container's state directory. */
    public RuntimeConfig(Path stateDir, Path socketDir, Path conmon, Map<String, OciRuntime> runtimes,
            String defaultRuntime, String cgroupParent) {
        this(stateDir, socketDir, conmon, runtimes, defaultRuntime, cgroupParent, stateDir);
    }

    /**
     * State and logs under {@code root} ({@code root/containers}, sockets in {@code root/s}), runc (default) and crun at their
     * Debian paths with their own {@code --root} under {@code root/runtimes}, cgroups below {@code /berth}.
     */
    public static RuntimeConfig under(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        return new RuntimeConfig(abs.resolve("containers"), abs.resolve("s"), CONMON,
                Map.of("runc", new OciRuntime("runc", OciRuntime.RUNC, abs.resolve("runtimes/runc")),
                        "crun", new OciRuntime("crun", OciRuntime.CRUN, abs.resolve("runtimes/crun"))),
                "runc", "/berth");
    }

    public OciRuntime runtime(String name) {
        OciRuntime r = runtimes.get(name);
        if (r == null) {
            throw BerthException.invalid("unknown or invalid runtime name: " + name);
        }
        return r;
    }
}
