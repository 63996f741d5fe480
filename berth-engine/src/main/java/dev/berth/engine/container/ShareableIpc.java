package dev.berth.engine.container;

import dev.berth.engine.runtime.ContainerSpec;
import dev.berth.engine.runtime.Namespaces;
import dev.berth.engine.snapshot.MountTable;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * The /dev/shm of {@code --ipc shareable} containers and of those that join one ({@code --ipc container:NAME}), as
 * dockerd's {@code setupIPCDirs}: a shareable container's /dev/shm is a tmpfs the daemon mounts on the host,
 * {@code DIR/ID}, for the length of a run, bound into it and into every container that joins its IPC namespace (a
 * mount of another mount namespace cannot be bound, so it must live in the daemon's).
 */
final class ShareableIpc implements ContainerHook {
    private static final long MS_NOSUID = 2;
    private static final long MS_NODEV = 4;
    private static final long MS_NOEXEC = 8;

    private final Path dir;
    private final Function<String, Container> peers;

    ShareableIpc(Path dir, Function<String, Container> peers) {
        this.dir = dir;
        this.peers = peers;
    }

    @Override
    public ContainerSpec beforeStart(Container c, ContainerSpec spec) {
        String mode = c.hostConfig().path("IpcMode").asText("");
        if (mode.equals("shareable")) {
            return spec.withNamespaces(spec.namespaces().withShm(new Namespaces.Shm.Bind(mount(c, spec))));
        }
        return NamespaceModes.ipcPeer(c.hostConfig()).map(name -> {
            Container donor = NamespaceModes.running(name, c, peers);
            Path shm = dir.resolve(donor.id());
            if (!MountTable.isMountPoint(shm)) {
                throw BerthException.invalid("container " + donor.id() + ": non-shareable IPC (hint: use"
                        + " IpcMode:shareable for the donor container)");
            }
            return spec.withNamespaces(spec.namespaces().withShm(new Namespaces.Shm.Bind(shm)));
        }).orElse(spec);
    }

    private Path mount(Container c, ContainerSpec spec) {
        Path shm = dir.resolve(c.id());
        long size = spec.namespaces().shm() instanceof Namespaces.Shm.Tmpfs t ? t.sizeBytes()
                : Namespaces.DEFAULT_SHM_SIZE;
        try {
            Files.createDirectories(shm);
            if (!MountTable.isMountPoint(shm)) {
                Syscalls.mount("shm", shm, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "mode=1777,size=" + size);
            }
        } catch (IOException e) {
            throw BerthException.io("mount the shareable /dev/shm of container " + c.id() + " on " + shm, e);
        }
        return shm;
    }

    @Override
    public void afterStop(Container c) {
        release(c);
    }

    @Override
    public void removing(Container c, boolean removeVolumes) {
        release(c);
    }

    private void release(Container c) {
        Path shm = dir.resolve(c.id());
        if (!Files.isDirectory(shm)) {
            return;
        }
        try {
            if (MountTable.isMountPoint(shm)) {
                Syscalls.umount2(shm, Syscalls.MNT_DETACH);
            }
            Files.deleteIfExists(shm);
        } catch (IOException e) {
            throw BerthException.io("unmount the shareable /dev/shm of container " + c.id(), e);
        }
    }
}
