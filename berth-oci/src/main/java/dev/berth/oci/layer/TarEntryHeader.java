package dev.berth.oci.layer;

import java.time.Instant;
import java.util.Collections;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One tar header as a layer writes it (POSIX.1-2001 pax over ustar): a name relative to the layer root, directories
 * with a trailing slash; permission bits only, the type lives in {@link #type}.
 */
record TarEntryHeader(
        String name,
        Type type,
        int mode,
        long uid,
        long gid,
        long size,
        Instant mtime,
        Optional<String> linkName,
        int devMajor,
        int devMinor,
        SortedMap<String, byte[]> xattrs) {

    /** The ustar typeflags a layer uses. */
    enum Type {
        REGULAR('0'), HARD_LINK('1'), SYMLINK('2'), CHAR_DEVICE('3'), BLOCK_DEVICE('4'), DIRECTORY('5'), FIFO('6');

        final byte flag;

        Type(char flag) {
            this.flag = (byte) flag;
        }
    }

    TarEntryHeader {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(linkName, "linkName");
        if (name.isEmpty() || name.startsWith("/")) {
            throw new IllegalArgumentException("tar entry name must be relative and non-empty: \"" + name + "\"");
        }
        if ((mode & ~07777) != 0 || uid < 0 || gid < 0 || size < 0 || devMajor < 0 || devMinor < 0) {
            throw new IllegalArgumentException("tar entry " + name + ": field out of range");
        }
        xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    }

    /** An empty regular file with no owner, no permissions and time zero: a whiteout or opaque marker. */
    static TarEntryHeader marker(String name) {
        return new TarEntryHeader(name, Type.REGULAR, 0, 0, 0, 0, Instant.EPOCH, Optional.empty(), 0, 0,
                Collections.emptySortedMap());
    }
}
