package dev.berth.engine.snapshot;

import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Copies layer directories in overlay form into one plain tree, as overlayfs would show them merged: applied bottom
 * up, a 0/0 character device deletes its name, {@code trusted.overlay.opaque=y} empties its directory first. Owners,
 * modes (setuid and sticky bits too), times, device nodes, symlinks and xattrs are kept.
 */
final class OverlayFlattener {
    private static final String OPAQUE = "trusted.overlay.opaque";
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;

    private OverlayFlattener() {}

    /** Flattens {@code lowers} (topmost first) into the existing empty directory {@code target}. */
    static void flatten(List<Path> lowers, Path target) throws IOException {
        List<Path> bottomUp = new ArrayList<>(lowers);
        java.util.Collections.reverse(bottomUp);
        for (Path layer : bottomUp) {
            copyDir(layer, target);
            copyMeta(layer, target);
        }
    }

    private static void copyDir(Path from, Path to) throws IOException {
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(from)) {
            for (Path src : entries) {
                Path dst = to.resolve(src.getFileName().toString());
                Map<String, Object> a = Files.readAttributes(src, "unix:mode,rdev", NOFOLLOW);
                int mode = (Integer) a.get("mode");
                int type = mode & 0170000;
                if (type == Syscalls.S_IFCHR && (Long) a.get("rdev") == 0L) {
                    FileTrees.delete(dst);
                    continue;
                }
                if (type == 0040000) {
                    boolean opaque = Syscalls.lgetxattr(src, OPAQUE).map(v -> new String(v).equals("y")).orElse(false);
                    if (opaque || !Files.isDirectory(dst, NOFOLLOW)) {
                        FileTrees.delete(dst);
                        Files.createDirectory(dst);
                    }
                    copyDir(src, dst);
                } else {
                    FileTrees.delete(dst);
                    copyNonDir(src, dst, type, a);
                }
                copyMeta(src, dst);
            }
        }
    }

    private static void copyNonDir(Path src, Path dst, int type, Map<String, Object> a) throws IOException {
        switch (type) {
            case 0100000 -> Files.copy(src, dst, StandardCopyOption.COPY_ATTRIBUTES, NOFOLLOW);
            case 0120000 -> Syscalls.symlink(Files.readSymbolicLink(src).toString(), dst);
            default -> Syscalls.mknod(dst, type, (Integer) a.get("mode"), (Long) a.get("rdev"));
        }
    }

    /** Owner, mode, xattrs (overlay's own excepted) and times, the times last as every other change touches them. */
    private static void copyMeta(Path src, Path dst) throws IOException {
        Map<String, Object> a = Files.readAttributes(src, "unix:uid,gid,mode,lastAccessTime,lastModifiedTime",
                NOFOLLOW);
        Syscalls.lchown(dst, (Integer) a.get("uid"), (Integer) a.get("gid"));
        boolean link = Files.isSymbolicLink(src);
        if (!link) {
            Syscalls.chmod(dst, (Integer) a.get("mode"));
        }
        for (String name : Syscalls.llistxattr(src)) {
            if (!name.startsWith("trusted.overlay.")) {
                Syscalls.lsetxattr(dst, name, Syscalls.lgetxattr(src, name).orElse(new byte[0]));
            }
        }
        Syscalls.lutimes(dst, nanos((FileTime) a.get("lastAccessTime")), nanos((FileTime) a.get("lastModifiedTime")));
    }

    private static long nanos(FileTime t) {
        return t.to(java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
