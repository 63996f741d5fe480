package dev.berth.oci.layer;

import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What {@code lstat(2)}, {@code readlink(2)} and the xattr calls say about one path, never following a final symlink:
 * everything a layer entry records plus the identity (device, inode, link count) hard links are detected by.
 */
record FileMeta(
        FileKind kind,
        int permissions,
        long uid,
        long gid,
        long size,
        Instant mtime,
        long device,
        long inode,
        int linkCount,
        long rdev,
        Optional<String> linkTarget,
        SortedMap<String, byte[]> xattrs) {

    private static final String ATTRIBUTES = "unix:mode,uid,gid,size,lastModifiedTime,dev,ino,nlink,rdev";
    private static final int S_IFMT = 0170000;

    FileMeta {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(mtime, "mtime");
        Objects.requireNonNull(linkTarget, "linkTarget");
        xattrs = Collections.unmodifiableSortedMap(new TreeMap<>(xattrs));
    }

    /** The kinds of inode a layer can carry, plus sockets, which layers leave out. */
    enum FileKind {
        REGULAR, DIRECTORY, SYMLINK, CHAR_DEVICE, BLOCK_DEVICE, FIFO, SOCKET;

        static FileKind ofMode(int mode) {
            return switch (mode & S_IFMT) {
                case 0100000 -> REGULAR;
                case 0040000 -> DIRECTORY;
                case 0120000 -> SYMLINK;
                case 0020000 -> CHAR_DEVICE;
                case 0060000 -> BLOCK_DEVICE;
                case 0010000 -> FIFO;
                case 0140000 -> SOCKET;
                default -> throw new IllegalArgumentException("unknown file type in mode " + Integer.toOctalString(mode));
            };
        }
    }

    /** Reads {@code path}; empty when it does not exist. */
    static Optional<FileMeta> readIfExists(Path path) throws IOException {
        Map<String, Object> a;
        try {
            a = Files.readAttributes(path, ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
        int mode = (int) a.get("mode");
        FileKind kind = FileKind.ofMode(mode);
        Optional<String> target = kind == FileKind.SYMLINK
                ? Optional.of(Files.readSymbolicLink(path).toString())
                : Optional.empty();
        return Optional.of(new FileMeta(
                kind,
                mode & 07777,
                Integer.toUnsignedLong((int) a.get("uid")),
                Integer.toUnsignedLong((int) a.get("gid")),
                (long) a.get("size"),
                ((FileTime) a.get("lastModifiedTime")).toInstant(),
                (long) a.get("dev"),
                (long) a.get("ino"),
                (int) a.get("nlink"),
                (long) a.get("rdev"),
                target,
                readXattrs(path)));
    }

    static FileMeta read(Path path) throws IOException {
        return readIfExists(path).orElseThrow(() -> new NoSuchFileException(path.toString()));
    }

    private static SortedMap<String, byte[]> readXattrs(Path path) throws IOException {
        SortedMap<String, byte[]> xattrs = new TreeMap<>();
        for (String name : Syscalls.llistxattr(path)) {
            Syscalls.lgetxattr(path, name).ifPresent(value -> xattrs.put(name, value));
        }
        return xattrs;
    }

    boolean isDirectory() {
        return kind == FileKind.DIRECTORY;
    }

    /** A second name of an inode that has others: written once, then as hard links. */
    boolean isHardLinked() {
        return kind != FileKind.DIRECTORY && linkCount > 1;
    }

    /** An overlayfs whiteout: a character device numbered 0/0. */
    boolean isOverlayWhiteout() {
        return kind == FileKind.CHAR_DEVICE && rdev == 0;
    }

    /** The xattr's value, when present. */
    Optional<byte[]> xattr(String name) {
        return Optional.ofNullable(xattrs.get(name));
    }

    int devMajor() {
        return Syscalls.major(rdev);
    }

    int devMinor() {
        return Syscalls.minor(rdev);
    }

    /** Equal xattr maps, comparing values by content. */
    static boolean sameXattrs(Map<String, byte[]> a, Map<String, byte[]> b) {
        if (!a.keySet().equals(b.keySet())) {
            return false;
        }
        for (Map.Entry<String, byte[]> e : a.entrySet()) {
            if (!Arrays.equals(e.getValue(), b.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }
}
