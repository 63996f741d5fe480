package dev.berth.engine.runtime;

import dev.berth.engine.archive.RootfsPath;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Creates a container's working directory in its root file system when the image lacks it, as dockerd's
 * {@code SetupWorkingDirectory} does when the container is created (runc would fail to chdir): every missing
 * component made owned by root with mode 0755 — not by the container's user — with symlinks on the way followed
 * inside the root, never out of it. A working directory naming a file fails with dockerd's message.
 */
public final class WorkingDir {
    private WorkingDir() {}

    /** Makes {@code dir} (absolute in the container) exist as a directory under {@code rootfs}. */
    public static void create(Path rootfs, String dir) {
        Path host = RootfsPath.resolve(rootfs, dir, true);
        if (Files.exists(host, LinkOption.NOFOLLOW_LINKS)) {
            if (!RootfsPath.isDirectory(host)) {
                throw BerthException.invalid("Cannot mkdir: " + dir + " is not a directory");
            }
            return;
        }
        Deque<Path> missing = new ArrayDeque<>();
        Path existing = host;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            missing.push(existing);
            existing = existing.getParent();
        }
        if (!RootfsPath.isDirectory(existing)) {
            throw BerthException.invalid("mkdir " + dir + ": not a directory");
        }
        try {
            for (Path p : missing) {
                Files.createDirectory(p);
                Syscalls.chmod(p, 0755);
            }
        } catch (IOException e) {
            throw BerthException.io("create working directory " + dir, e);
        }
    }
}
