package dev.berth.engine.container;

import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.config.DataRoot;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.runtime.ContainerRuntime;
import dev.berth.engine.runtime.RuntimeConfig;
import dev.berth.engine.snapshot.Discard;
import dev.berth.engine.snapshot.OverlaySnapshotter;
import dev.berth.engine.snapshot.Snapshotter;
import dev.berth.engine.snapshot.VfsSnapshotter;
import dev.berth.oci.digest.Digest;
import java.nio.file.Path;

/**
 * Assembles the daemon's container service over a data root: records in {@code containers/}, container layers in
 * {@code snapshots/} (overlayfs where the file system supports it, else vfs copies), runtime state in {@code run/}.
 * The attach sockets need a short directory (a socket path fits 108 bytes): {@code run/s} when that is short
 * enough, else one under {@code /run/berth-sockets/} named by the data root's hash.
 */
public final class ContainerSetup {
    private static final int MAX_SOCKET_DIR = 80;

    private ContainerSetup() {}

    public static Containers open(DataRoot root, DaemonConfig config, ImageStore images) {
        RuntimeConfig base = RuntimeConfig.under(root.run());
        Path sockets = base.socketDir().toString().length() <= MAX_SOCKET_DIR ? base.socketDir()
                : Path.of("/run/berth-sockets", Digest.sha256(root.root().toString()).encoded().substring(0, 16));
        RuntimeConfig runtimeConfig = new RuntimeConfig(base.stateDir(), sockets, base.conmon(), base.runtimes(),
                config.defaultRuntime(), base.cgroupParent());
        Discard discard = Discard.into(root.tmp());
        Snapshotter snapshots = OverlaySnapshotter.supported(root.snapshots())
                ? OverlaySnapshotter.open(root.snapshots(), discard) : VfsSnapshotter.open(root.snapshots(), discard);
        Containers containers = Containers.open(ContainerStore.open(root.containers(), discard), images,
                images.events(), ContainerRuntime.open(runtimeConfig, discard), snapshots,
                root.run().resolve("empty-layer"));
        containers.addHook(new ShareableIpc(root.run().resolve("shm"), containers::get));
        return containers;
    }
}
