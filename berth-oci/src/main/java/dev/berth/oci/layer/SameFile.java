package dev.berth.oci.layer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;

/**
 * Whether a path is unchanged between a lower and an upper tree, after containerd's {@code fs.sameFile}: the same
 * inode is unchanged; otherwise type, permission bits, owners, device number and xattrs must match (containerd
 * compares only {@code security.capability}; a layer here carries every xattr, so every xattr counts); directories
 * then match; other files also need equal size and mtime seconds, and when both mtimes lack nanoseconds (a tar
 * that truncated them may have been applied) equal content. Symlink targets are always compared.
 */
final class SameFile {
    private static final int CHUNK = 32 * 1024;

    private SameFile() {}

    static boolean same(Path lowerPath, FileMeta lower, Path upperPath, FileMeta upper, XattrFilter xattrs)
            throws IOException {
        if (lower.device() == upper.device() && lower.inode() == upper.inode()) {
            return true;
        }
        if (lower.kind() != upper.kind() || lower.permissions() != upper.permissions() || lower.uid() != upper.uid()
                || lower.gid() != upper.gid() || lower.rdev() != upper.rdev()
                || !FileMeta.sameXattrs(xattrs.apply(lower.xattrs()), xattrs.apply(upper.xattrs()))) {
            return false;
        }
        if (lower.isDirectory()) {
            return true;
        }
        if (lower.size() != upper.size() || !lower.linkTarget().equals(upper.linkTarget())) {
            return false;
        }
        Instant t1 = lower.mtime();
        Instant t2 = upper.mtime();
        if (t1.getEpochSecond() != t2.getEpochSecond()) {
            return false;
        }
        if (t1.getNano() == 0 && t2.getNano() == 0) {
            return lower.kind() != FileMeta.FileKind.REGULAR || lower.size() == 0 || sameContent(lowerPath, upperPath);
        }
        return t1.getNano() == t2.getNano();
    }

    /**
     * The timestamp test docker and containerd use for directories: equal, or the same second when either side lacks
     * nanoseconds (truncated by a tar round trip).
     */
    static boolean sameFsTime(Instant a, Instant b) {
        return a.equals(b) || (a.getEpochSecond() == b.getEpochSecond() && (a.getNano() == 0 || b.getNano() == 0));
    }

    private static boolean sameContent(Path a, Path b) throws IOException {
        try (InputStream in1 = Files.newInputStream(a, LinkOption.NOFOLLOW_LINKS);
                InputStream in2 = Files.newInputStream(b, LinkOption.NOFOLLOW_LINKS)) {
            while (true) {
                byte[] c1 = in1.readNBytes(CHUNK);
                byte[] c2 = in2.readNBytes(CHUNK);
                if (!Arrays.equals(c1, c2)) {
                    return false;
                }
                if (c1.length < CHUNK) {
                    return true;
                }
            }
        }
    }
}
