package dev.berth.engine.config;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileVisitResult;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.util.Objects;

/**
 * Where a daemon keeps its containers' runtime state: what conmon and the OCI runtime hold while a container exists,
 * rebuilt at each start, apart from the durable records of the data root (the container records and logs):
 *
 * <pre>
 * /run/berth/runtime/            a tmpfs (berthd mounts one here where /run is not a tmpfs; not on /run/berth, which
 * │                              holds the default API socket, berth.sock, of a daemon that may be running)
 * └── HASH/                      one daemon's: HASH is the SHA-256 of its data root's real path, 16 hex digits
 *     ├── containers/ID/         bundle (config.json, conmon's attach socket and fifos), pid files, exit code
 *     ├── runtimes/runc|crun/    each OCI runtime's --root
 *     ├── s/UUID -&gt;             attach socket links (short: a socket path fits 108 bytes)
 *     └── network-files/ID/      its hosts, hostname and resolv.conf, written at each start, bind-mounted over the
 *                                image's
 * </pre>
 *
 * On a tmpfs, each of a container's ~20 files and directories costs no inode allocation or journal write on the
 * disk (ext4's inode allocation was most of the daemon's CPU with containers started 10 at a time). The state
 * survives a daemon restart, so that a daemon killed and started again over the same data root finds its running
 * containers, and goes with a reboot, as the containers do: as dockerd's exec-root ({@code /var/run/docker}),
 * containerd's state ({@code /run/containerd}) and runc's root.
 */
public record RuntimeStateDir(Path dir) {
    public static final Path BASE = Path.of("/run/berth/runtime");
    private static final long MS_NOSUID = 2;
    private static final long MS_NODEV = 4;

    public RuntimeStateDir {
        Objects.requireNonNull(dir, "dir");
    }

    /**
     * The runtime state directory of the daemon over {@code root}; nothing is created. Named by the data root's real
     * path: a daemon started again over the same data root through another name of it (a symlink) must find its
     * running containers' state, as it did when the state lived inside the data root.
     */
    public static RuntimeStateDir of(DataRoot root) {
        return new RuntimeStateDir(BASE.resolve(Digest.sha256(realPath(root.root()).toString()).encoded()
                .substring(0, 16)));
    }

    private static Path realPath(Path root) {
        try {
            return root.toRealPath();
        } catch (NoSuchFileException e) {
            // Not made yet: no symlink to it either, only its parents may be one.
            Path parent = root.getParent();
            return parent == null ? root : realPath(parent).resolve(root.getFileName());
        } catch (IOException e) {
            throw BerthException.io("resolve the data root " + root, e);
        }
    }

    /**
     * Creates the directory, on a tmpfs: where {@link #BASE} is not on one (a host whose {@code /run} is on its disk),
     * a tmpfs is mounted there, once for every daemon of the host; the check and the mount happen under a
     * {@code flock} of the directory, so that daemons starting together mount one, each finding it after the first.
     */
    public RuntimeStateDir prepare() {
        try {
            Files.createDirectories(BASE);
            if (!onTmpfs()) {
                Syscalls.withFlock(BASE, () -> {
                    if (!onTmpfs()) {
                        Syscalls.mount("tmpfs", BASE, "tmpfs", MS_NOSUID | MS_NODEV, "mode=0711");
                    }
                    return null;
                });
            }
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw BerthException.io("prepare the runtime state directory " + dir, e);
        }
        return this;
    }

    private static boolean onTmpfs() throws IOException {
        return Files.getFileStore(BASE).type().equals("tmpfs");
    }

    /** The containers' host files ({@code network-files/ID/}): rebuilt at each start. */
    public Path hostFiles() {
        return dir.resolve("network-files");
    }

    /**
     * Removes the directory if it holds no container's state any more, at a daemon's clean stop: the data roots of
     * tests come and go, and their directories would stay in memory until a reboot. Only empty directories go, the
     * deepest first; one still holding a file (a container's state, which the next daemon takes over) stays, and so
     * do the directories above it.
     */
    public void removeIfUnused() {
        if (!Files.isDirectory(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException failure) throws IOException {
                    if (failure != null) {
                        throw failure;
                    }
                    try {
                        Files.delete(d);
                    } catch (DirectoryNotEmptyException e) {
                        // Holds a container's state.
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw BerthException.io("remove the runtime state directory " + dir, e);
        }
    }
}
