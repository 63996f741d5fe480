package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * One tar entry of a layer as the applier needs it: the cleaned name, the type, numeric owner (user and group names
 * are ignored, as the OCI layer spec and docker do), the 12 mode bits, times in nanoseconds and the raw xattrs.
 */
record LayerEntry(
        String rawName,
        TarName name,
        Kind kind,
        int mode,
        int uid,
        int gid,
        long atimeNanos,
        long mtimeNanos,
        String linkName,
        int devMajor,
        int devMinor,
        boolean sparse,
        Map<String, byte[]> xattrs) {

    enum Kind { FILE, DIRECTORY, SYMLINK, HARDLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO }

    /** uid_t is 32 bits unsigned and (uid_t) -1 means "leave unchanged" to chown. */
    private static final long MAX_ID = 0xFFFF_FFFEL;

    /** The entry, or empty for a PAX global header (ignored, as containerd and docker do). */
    static Optional<LayerEntry> of(TarArchiveEntry e, Map<String, byte[]> xattrs) {
        if (e.isGlobalPaxHeader()) {
            return Optional.empty();
        }
        try {
            TarName name = TarName.parse(e.getName());
            long mtime = nanos(e.getLastModifiedTime());
            long atime = e.getLastAccessTime() == null ? mtime : nanos(e.getLastAccessTime());
            return Optional.of(new LayerEntry(e.getName(), name, kind(e), e.getMode() & 07777,
                    id("uid", e.getLongUserId()), id("gid", e.getLongGroupId()), atime, mtime, e.getLinkName(),
                    e.getDevMajor(), e.getDevMinor(), e.isSparse(), Map.copyOf(xattrs)));
        } catch (BerthException ex) {
            throw BerthException.wrap("entry \"" + e.getName() + "\"", ex);
        }
    }

    private static Kind kind(TarArchiveEntry e) {
        byte flag = e.getLinkFlag();
        return switch (flag) {
            case TarConstants.LF_DIR -> Kind.DIRECTORY;
            case TarConstants.LF_SYMLINK -> Kind.SYMLINK;
            case TarConstants.LF_LINK -> Kind.HARDLINK;
            case TarConstants.LF_CHR -> Kind.CHAR_DEVICE;
            case TarConstants.LF_BLK -> Kind.BLOCK_DEVICE;
            case TarConstants.LF_FIFO -> Kind.FIFO;
            // Pre-POSIX tars mark directories only by a trailing slash on a regular entry.
            case TarConstants.LF_NORMAL, TarConstants.LF_OLDNORM, TarConstants.LF_CONTIG, TarConstants.LF_GNUTYPE_SPARSE ->
                    e.getName().endsWith("/") ? Kind.DIRECTORY : Kind.FILE;
            default -> throw BerthException.invalid("unsupported tar entry type '" + (char) flag + "'");
        };
    }

    private static int id(String what, long id) {
        if (id < 0 || id > MAX_ID) {
            throw BerthException.invalid(what + " " + id + " out of range");
        }
        return (int) id;
    }

    private static long nanos(FileTime t) {
        return t.to(TimeUnit.NANOSECONDS);
    }
}
