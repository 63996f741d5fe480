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
import java.nio.file.Path;
import java.util.List;

/**
 * Assembles the daemon's container service over a data root: records in {@code containers/}, each container's log
 * beside its record ({@code containers/ID/container.log}, as dockerd keeps its json log), container layers in
 * {@code snapshots/} (overlayfs where the file system supports it, else vfs copies); the runtime state (bundles, pid
 * files, exit codes, the OCI runtimes' roots, attach socket links) in the daemon's {@link RuntimeStateDir}, a tmpfs.
 */
public final class ContainerSetup {
    /** The directories of the runtime state made by {@link #open}, relative to the {@link RuntimeStateDir}. */
    private static final List<Path> RUNTIME_STATE = List.of(Path.of("containers"), Path.of("runtimes/runc"),
            Path.of("runtimes/crun"), Path.of("runtimes"), Path.of("s"));

    private ContainerSetup() {}

    public static Containers open(DataRoot root, DaemonConfig config, ImageStore images) {
        RuntimeConfig base = runtimeConfig(root);
        RuntimeStateDir.of(root).prepare();
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

    /**
     * Removes the daemon's runtime state directory at its stop if no container's state is left in it (one left
     * running keeps it, for the next daemon).
     */
    public static void releaseRuntimeState(DataRoot root) {
        RuntimeStateDir.of(root).removeIfUnused(RUNTIME_STATE);
    }
}
