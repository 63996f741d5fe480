package dev.berth.engine.build;

import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.snapshot.ContainerLayer;
import dev.berth.engine.snapshot.Snapshotter;
import dev.berth.oci.layer.LayerDiff;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

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

    LayerDiff diff() {
        return LayerDiff.overlay(layer.lowers(), layer.changes());
    }

    @Override
    public void close() {
        snapshots.remove(layer.id());
    }
}
