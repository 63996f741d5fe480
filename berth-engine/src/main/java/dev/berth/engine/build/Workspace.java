package dev.berth.engine.build;

import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.snapshot.ContainerLayer;
import dev.berth.engine.snapshot.Snapshotter;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.LayerDiff;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A writable root file system over an image's layers for one build step (a container layer of the build's own
 * snapshotter): COPY writes into {@link #rootfs()}, RUN runs a container on it, and {@link #diff()} is what changed,
 * read from the overlay's upper directory. Closing unmounts and deletes it.
 */
final class Workspace implements AutoCloseable {
    private final Snapshotter snapshots;
    private final ContainerLayer layer;

    private Workspace(Snapshotter snapshots, ContainerLayer layer) {
        this.snapshots = snapshots;
        this.layer = layer;
    }

    /** Mounts a new workspace over {@code image}; {@code empty} is the lower directory of an image without layers. */
    static Workspace mount(Snapshotter snapshots, ImageStore store, BuildImage image, Path empty) {
        List<Path> lowers = new ArrayList<>();
        for (ImageLayer l : image.layers().reversed()) {
            lowers.add(store.layers().path(l.chainId()));
        }
        if (lowers.isEmpty()) {
            lowers.add(empty);
        }
        String id = "b" + UUID.randomUUID().toString().replace("-", "");
        return new Workspace(snapshots, snapshots.create(id, lowers));
    }

    String id() {
        return layer.id();
    }

    Path rootfs() {
        return layer.rootfs();
    }

    /**
     * Drops directories of {@code names} (top-level, e.g. {@code etc}) from the upper directory when they are empty
     * there and hold the same mode and owner as below: what remains of a copy-up caused only by the runtime's mount
     * points (removed again after RUN), which would otherwise make a RUN that changed nothing a layer of its own.
     */
    void dropEmptyCopyUps(List<String> names) {
        for (String name : names) {
            Path upper = layer.changes().resolve(name);
            try {
                if (!Files.isDirectory(upper, LinkOption.NOFOLLOW_LINKS) || !isEmpty(upper)) {
                    continue;
                }
                for (Path lower : layer.lowers()) {
                    Path below = lower.resolve(name);
                    if (Files.exists(below, LinkOption.NOFOLLOW_LINKS)) {
                        if (Files.isDirectory(below, LinkOption.NOFOLLOW_LINKS) && sameOwnerAndMode(upper, below)) {
                            Files.delete(upper);
                        }
                        break;
                    }
                }
            } catch (IOException e) {
                throw BerthException.io("inspect " + upper, e);
            }
        }
    }

    private static boolean isEmpty(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.findAny().isEmpty();
        }
    }

    private static boolean sameOwnerAndMode(Path a, Path b) throws IOException {
        for (String attr : List.of("unix:mode", "unix:uid", "unix:gid")) {
            if (!Files.getAttribute(a, attr, LinkOption.NOFOLLOW_LINKS)
                    .equals(Files.getAttribute(b, attr, LinkOption.NOFOLLOW_LINKS))) {
                return false;
            }
        }
        return true;
    }

    LayerDiff diff() {
        return LayerDiff.overlay(layer.lowers(), layer.changes());
    }

    @Override
    public void close() {
        snapshots.remove(layer.id());
    }
}
