package dev.berth.engine.runtime;

import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The namespaces a container shares instead of getting its own ({@code --pid}, {@code --ipc}, {@code --uts},
 * {@code --cgroupns}), its {@code /dev/shm} ({@code --shm-size}, {@code --ipc}) and the namespaced kernel parameters
 * it sets ({@code --sysctl}). In the OCI runtime spec (config-linux.md "Namespaces", "Sysctl"): a shared namespace
 * is left out of {@code linux.namespaces} (the host's) or given with the {@code path} to join.
 *
 * @param shared per namespace type ({@code pid}, {@code ipc}, {@code uts}, {@code cgroup}): the path of the
 *     namespace to join, or empty for the host's; types not named get a new namespace
 */
public record Namespaces(Map<String, Optional<Path>> shared, Shm shm, Map<String, String> sysctls) {
    public static final Set<String> SHAREABLE = Set.of("pid", "ipc", "uts", "cgroup");
    /** Docker's default size of /dev/shm (moby {@code config.DefaultShmSize}). */
    public static final long DEFAULT_SHM_SIZE = 64L * 1024 * 1024;
    public static final Namespaces DEFAULT = new Namespaces(Map.of(), new Shm.Tmpfs(DEFAULT_SHM_SIZE), Map.of());

    public Namespaces {
        shared = Map.copyOf(shared);
        if (!SHAREABLE.containsAll(shared.keySet())) {
            throw new IllegalArgumentException("namespaces that cannot be shared: " + shared.keySet());
        }
        Objects.requireNonNull(shm, "shm");
        sysctls = Map.copyOf(sysctls);
    }

    /** What the container's {@code /dev/shm} is. */
    public sealed interface Shm {
        /** A tmpfs of its own ({@code --ipc private}, the default). */
        record Tmpfs(long sizeBytes) implements Shm {}

        /** A directory of the host bound in: the host's /dev/shm, a shareable container's tmpfs. */
        record Bind(Path source) implements Shm {}

        /** None at all ({@code --ipc none}). */
        record None() implements Shm {}
    }

    /** Whether the container has a pid namespace of its own, whose processes all end with its first. */
    public boolean ownPid() {
        return !shared.containsKey("pid");
    }

    public Namespaces withShm(Shm s) {
        return new Namespaces(shared, s, sysctls);
    }
}
