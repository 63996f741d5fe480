package dev.berth.engine.snapshot;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Container layers as overlayfs mounts: image layers as {@code lowerdir}s, the container layer as {@code upperdir}. */
public final class OverlaySnapshotter implements Snapshotter {
    private final Path root;
    private final Discard discard;

    private OverlaySnapshotter(Path root, Discard discard) {
        this.root = root;
        this.discard = discard;
    }

    /** Keeps container layers under {@code root} (created if absent), deleting removed ones in place. */
    public static OverlaySnapshotter open(Path root) {
        return open(root, Discard.IN_PLACE);
    }

    /** As {@link #open(Path)}; a removed layer's directory goes to {@code discard}. */
    public static OverlaySnapshotter open(Path root, Discard discard) {
        return new OverlaySnapshotter(SnapshotDirs.createRoot(root), discard);
    }

    /**
     * Whether overlayfs works with upper directories under {@code root}: it must be a kernel file system, and an
     * upper directory on overlayfs itself (a daemon run in a container) or on some network file systems is refused.
     */
    public static boolean supported(Path root) {
        Path probe = root.toAbsolutePath().normalize().resolve(".probe-" + UUID.randomUUID());
        try {
            Files.createDirectories(root);
            for (String d : List.of("lower", "upper", "work", "merged")) {
                Files.createDirectories(probe.resolve(d));
            }
            OverlayMount.mount(List.of(probe.resolve("lower")), probe.resolve("upper"), probe.resolve("work"),
                    probe.resolve("merged"));
            OverlayMount.unmount(probe.resolve("merged"));
            return true;
        } catch (IOException | BerthException e) {
            return false;
        } finally {
            FileTrees.delete(probe);
        }
    }

    @Override
    public String name() {
        return "overlayfs";
    }

    @Override
    public ContainerLayer create(String id, List<Path> lowers, boolean ephemeral) {
        LayerDirs dirs = new LayerDirs(root, id);
        dirs.createNew();
        try {
            Files.createDirectory(dirs.rootfs());
            Files.createDirectory(dirs.upper());
            Files.createDirectory(dirs.work());
            OverlayMount.mount(lowers, dirs.upper(), dirs.work(), dirs.rootfs(), ephemeral);
            dirs.writeLowers(lowers);
            return layer(dirs, lowers);
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : BerthException.io("create container layer " + id, (IOException) e);
            try {
                unmountIfMounted(dirs);
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
        return dirs.complete() ? Optional.of(layer(dirs, dirs.readLowers())) : Optional.empty();
    }

    @Override
    public void mount(String id) {
        LayerDirs dirs = new LayerDirs(root, id);
        if (!dirs.complete()) {
            throw BerthException.notFound("mount container layer " + id + ": no such container layer");
        }
        if (!MountTable.isMountPoint(dirs.rootfs())) {
            OverlayMount.mount(dirs.readLowers(), dirs.upper(), dirs.work(), dirs.rootfs(),
                    OverlayMount.clearVolatile(dirs.work()));
        }
    }

    @Override
    public void remove(String id) {
        LayerDirs dirs = new LayerDirs(root, id);
        unmountIfMounted(dirs);
        dirs.delete(discard);
    }

    @Override
    public List<String> list() {
        return SnapshotDirs.complete(root);
    }

    private static void unmountIfMounted(LayerDirs dirs) {
        if (MountTable.isMountPoint(dirs.rootfs())) {
            OverlayMount.unmount(dirs.rootfs());
        }
    }

    private static ContainerLayer layer(LayerDirs dirs, List<Path> lowers) {
        return new ContainerLayer(dirs.id(), dirs.rootfs(), dirs.upper(), lowers);
    }
}
