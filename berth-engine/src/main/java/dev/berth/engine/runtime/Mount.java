package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Objects;

/**
 * One mount of a container's OCI runtime spec (config.md "Mounts"): a bind mount, a tmpfs or any other file system,
 * placed at {@code destination} inside the container after Docker's default mounts, which it replaces when both
 * name the same destination (a volume on {@code /dev/shm}, a bind over {@code /etc/hosts}).
 */
public record Mount(String destination, String type, String source, List<String> options) {
    public Mount {
        Objects.requireNonNull(destination, "destination");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(source, "source");
        options = List.copyOf(options);
        if (!destination.startsWith("/")) {
            throw BerthException.invalid("mount destination " + destination + " is not an absolute path");
        }
    }
}
