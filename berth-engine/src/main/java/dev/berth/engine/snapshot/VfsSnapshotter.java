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

    private VfsSnapshotter(Path root) {
        this.root = root;
    }

    public static VfsSnapshotter open(Path root) {
        return new VfsSnapshotter(SnapshotDirs.createRoot(root));
    }

    @Override
    public String name() {
        return "vfs";
    }

    @Override
    public ContainerLayer create(String id, List<Path> lowers) {
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
                dirs.delete();
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
        new LayerDirs(root, id).delete();
    }

    @Override
    public List<String> list() {
        return SnapshotDirs.complete(root);
    }
}
