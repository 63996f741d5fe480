package dev.berth.engine.container;

import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.config.DataRoot;
import dev.berth.engine.config.RuntimeStateDir;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.runtime.ContainerRuntime;
import dev.berth.engine.runtime.RuntimeConfig;
import dev.berth.engine.snapshot.Discard;
import dev.berth.engine.snapshot.OverlaySnapshotter;
import dev.berth.engine.snapshot.Snapshotter;
import dev.berth.engine.snapshot.VfsSnapshotter;

/**
 * Assembles the daemon's container service over a data root: records in {@code containers/}, each container's log
 * beside its record ({@code containers/ID/container.log}, as dockerd keeps its json log), container layers in
 * {@code snapshots/} (overlayfs where the file system supports it, else vfs copies); the runtime state (bundles, pid
 * files, exit codes, the OCI runtimes' roots, attach socket links) in the daemon's {@link RuntimeStateDir}, a tmpfs.
 */
public final class ContainerSetup {
    private ContainerSetup() {}

    /** The container service over {@code root}, its runtime state in {@code runtimeState} (prepared). */
    public static Containers open(DataRoot root, RuntimeStateDir runtimeState, DaemonConfig config,
            ImageStore images) {
        RuntimeConfig base = RuntimeConfig.under(runtimeState.dir());
        RuntimeConfig runtimeConfig = new RuntimeConfig(base.stateDir(), base.socketDir(), base.conmon(),
                base.runtimes(), config.defaultRuntime(), base.cgroupParent(), root.containers());
        Discard discard = Discard.into(root.tmp());
        Snapshotter snapshots = OverlaySnapshotter.supported(root.snapshots())
                ? OverlaySnapshotter.open(root.snapshots(), discard) : VfsSnapshotter.open(root.snapshots(), discard);
        Containers containers = Containers.open(ContainerStore.open(root.containers(), discard), images,
                images.events(), ContainerRuntime.open(runtimeConfig, discard), snapshots,
                root.run().resolve("empty-layer"));
        containers.addHook(new ShareableIpc(root.run().resolve("shm"), containers::get));
        return containers;
    }

    /** The runtime's directories for the daemon over {@code root}: its state under its {@link RuntimeStateDir}. */
    public static RuntimeConfig runtimeConfig(DataRoot root) {
        return RuntimeConfig.under(RuntimeStateDir.of(root).dir());
    }
}
