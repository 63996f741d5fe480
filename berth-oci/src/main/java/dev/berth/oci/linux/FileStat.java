package dev.berth.oci.linux;

import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * What {@code statx(2)} says of a path itself (see {@link Syscalls#lstat}), as {@link BasicFileAttributes}; its
 * {@link #fileKey()} is the device and inode, equal for two names of one inode.
 */
public record FileStat(int mode, long size, long device, long inode, long atimeNanos, long mtimeNanos,
        long ctimeNanos) implements BasicFileAttributes {
    private static final int S_IFMT = 0170000;
    private static final int S_IFREG = 0100000;
    private static final int S_IFDIR = 0040000;
    private static final int S_IFLNK = 0120000;

    /** The identity of an inode: its device and number. */
    public record Key(long device, long inode) {}

    @Override
    public FileTime lastModifiedTime() {
        return FileTime.from(mtimeNanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public FileTime lastAccessTime() {
        return FileTime.from(atimeNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * The last-modified time, the default {@link BasicFileAttributes#creationTime} allows for a file system without
     * a birth time: statx's birth time is not asked for, as no caller needs it (the change time would be wrong here).
     */
    @Override
    public FileTime creationTime() {
        return lastModifiedTime();
    }

    @Override
    public boolean isRegularFile() {
        return (mode & S_IFMT) == S_IFREG;
    }

    @Override
    public boolean isDirectory() {
        return (mode & S_IFMT) == S_IFDIR;
    }

    @Override
    public boolean isSymbolicLink() {
        return (mode & S_IFMT) == S_IFLNK;
    }

    @Override
    public boolean isOther() {
        return !isRegularFile() && !isDirectory() && !isSymbolicLink();
    }

    @Override
    public Key fileKey() {
        return new Key(device, inode);
    }
}
