package dev.berth.engine.runtime;

import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Creates a container's working directory in its root file system when the image lacks it, owned by the container's
 * user, as dockerd does before start (runc would fail to chdir). An existing symlink on the way stops the creation:
 * it must be resolved inside the container, which the runtime does; resolving it here could leave the root.
 */
final class WorkingDir {
    private WorkingDir() {}

    static void ensure(Path rootfs, String dir, ContainerUser user) throws IOException {
        Path current = rootfs;
        for (Path part : Path.of(dir).normalize()) {
            if (part.toString().equals("..")) {
                return;
            }
            current = current.resolve(part.toString());
            if (Files.isSymbolicLink(current)) {
                return;
            }
            if (!Files.exists(current, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(current);
                Syscalls.chmod(current, 0755);
                Syscalls.lchown(current, user.uid(), user.gid());
            }
        }
    }
}
