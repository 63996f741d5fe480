package dev.berth.engine.snapshot;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A container's writable layer: {@code rootfs} is the merged view the container runs in, {@code changes} the
 * directory holding only what the container wrote (overlayfs' upper directory; for vfs the whole copied tree), and
 * {@code lowers} the image layer directories below, topmost first.
 */
public record ContainerLayer(String id, Path rootfs, Path changes, List<Path> lowers) {
    public ContainerLayer {
        ContainerIds.check(id);
        Objects.requireNonNull(rootfs, "rootfs");
        Objects.requireNonNull(changes, "changes");
        lowers = List.copyOf(lowers);
    }
}
