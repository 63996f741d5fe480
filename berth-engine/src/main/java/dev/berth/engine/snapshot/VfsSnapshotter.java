package dev.berth.engine.snapshot;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Container layers as full copies of the merged image layers (Docker's {@code vfs} driver): slow and large, but works
 * on any file system, where overlayfs is unavailable. The copy is the root file system and the changes at once.
 */
public final class VfsSnapshotter implements Snapshotter {
    private final Path root;
    private final Discard discard;

    private VfsSnapshotter(Path root, Discard discard) {
        this.root = root;
        this.discard = discard;
    }

    /** Keeps container layers under {@code root} (created if absent), deleting removed ones in place. */
    public static VfsSnapshotter open(Path root) {
        return open(root, Discard.IN_PLACE);
    }

    /** As {@link #open(Path)}; a removed layer's directory goes to {@code discard}. */
    public static VfsSnapshotter open(Path root, Discard discard) {
        return new VfsSnapshotter(SnapshotDirs.createRoot(root), discard);
    }

    @Override
    public String name() {
        return "vfs";
    }

    @Override
    public ContainerLayer create(String id, List<Path> lowers, boolean ephemeral) {
        LayerDirs dirs = new LayerDirs(root, id);
        dirs.createNew();
        try {
            Files.createDirectory(dirs.rootfs());
            OverlayFlattener.flatten(lowers, dirs.rootfs());
            dirs.writeLowers(lowers);
            return new ContainerLayer(id, dirs.rootfs(), dirs.rootfs(), lowers);
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : BerthException.io("create container layer " + id + " (vfs copy)", (IOException) e);
            try {
                dirs.delete(Discard.IN_PLACE);
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    @Override
    public Optional<ContainerLayer> find(String id) {
        LayerDirs dirs = new LayerDirs(root, id);
        return dirs.complete()
                ? Optional.of(new ContainerLayer(id, dirs.rootfs(), dirs.rootfs(), dirs.readLowers()))
                : Optional.empty();
    }

    /** A copy needs no mount. */
    @Override
    public void mount(String id) {
        if (!new LayerDirs(root, id).complete()) {
            throw BerthException.notFound("mount container layer " + id + ": no such container layer");
        }
    }

    @Override
    public void remove(String id) {
        new LayerDirs(root, id).delete(discard);
    }

    @Override
    public List<String> list() {
        return SnapshotDirs.complete(root);
    }
}
