package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.ErrnoException;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * Creates one entry where nothing exists any more, then applies its metadata in the order that keeps every bit:
 * owner first (chown clears setuid/setgid and file capabilities), then xattrs, then mode, then times. Nothing here
 * follows a symlink at the entry's own path; files are opened {@code O_CREAT|O_EXCL|O_NOFOLLOW}.
 */
final class EntryWriter {
    /** Symlink targets are limited by the kernel to PATH_MAX including the NUL. */
    private static final int MAX_LINK_TARGET = 4095;

    private final boolean ignoreOwnership;
    private final byte[] buffer;

    EntryWriter(boolean ignoreOwnership, byte[] buffer) {
        this.ignoreOwnership = ignoreOwnership;
        this.buffer = buffer;
    }

    /**
     * Creates {@code e} at {@code path}; {@code linkTarget} is the resolved target of a hard link. False when the
     * entry was skipped: a device node an unprivileged (ownership-ignoring) applier may not create.
     */
    boolean create(LayerEntry e, Path path, TarReader data, Path linkTarget) throws IOException {
        switch (e.kind()) {
            case DIRECTORY -> Files.createDirectory(path);
            case FILE -> writeFile(e, path, data);
            case SYMLINK -> Syscalls.symlink(checkedLinkTarget(e.linkName()), path);
            case HARDLINK -> link(path, linkTarget);
            case FIFO -> Syscalls.mknod(path, Syscalls.S_IFIFO, e.mode(), 0);
            case CHAR_DEVICE, BLOCK_DEVICE -> {
                int type = e.kind() == LayerEntry.Kind.CHAR_DEVICE ? Syscalls.S_IFCHR : Syscalls.S_IFBLK;
                try {
                    Syscalls.mknod(path, type, e.mode(), Syscalls.makedev(e.devMajor(), e.devMinor()));
                } catch (ErrnoException ex) {
                    if (ignoreOwnership && ex.errno() == ErrnoException.EPERM) {
                        return false;
                    }
                    throw ex;
                }
            }
        }
        return true;
    }

    void applyOwner(Path path, LayerEntry e) throws IOException {
        if (!ignoreOwnership) {
            Syscalls.lchown(path, e.uid(), e.gid());
        }
    }

    /**
     * Sets the entry's xattrs except {@code trusted.*}: those are the administrator's, and in a layer they could forge
     * overlayfs metadata (opaque, redirect), so containerd refuses them too. EPERM and ENOTSUP are skipped as docker
     * does: file systems without xattrs, {@code user.*} on symlinks and devices.
     */
    void applyXattrs(Path path, LayerEntry e) throws IOException {
        for (Map.Entry<String, byte[]> x : e.xattrs().entrySet()) {
            String name = x.getKey();
            if (name.startsWith("trusted.")) {
                continue;
            }
            if (name.indexOf('\0') >= 0) {
                throw BerthException.invalid("xattr name contains a NUL byte");
            }
            try {
                Syscalls.lsetxattr(path, name, x.getValue());
            } catch (ErrnoException ex) {
                switch (ex.errno()) {
                    case ErrnoException.EPERM, ErrnoException.ENOTSUP -> {}
                    case ErrnoException.E2BIG, ErrnoException.ERANGE, ErrnoException.EINVAL ->
                            throw BerthException.invalid("xattr " + name + ": " + ex.getMessage());
                    default -> throw ex;
                }
            }
        }
    }

    /**
     * Removes the xattrs of a directory that a layer's entry for it no longer lists: the entry's metadata replaces
     * the old directory's, though its contents merge. trusted.* (never applied) and security.selinux (the host's
     * labelling) are not the layer's to remove.
     */
    void dropXattrsNotIn(Path path, LayerEntry e) throws IOException {
        for (String name : Syscalls.llistxattr(path)) {
            if (!e.xattrs().containsKey(name) && !name.startsWith("trusted.") && !name.equals("security.selinux")) {
                Syscalls.lremovexattr(path, name);
            }
        }
    }

    /** Sets all 12 mode bits; {@code path} must not be a symlink, which chmod would follow. */
    void applyMode(Path path, int mode) throws IOException {
        Syscalls.chmod(path, mode);
    }

    void applyTimes(Path path, long atimeNanos, long mtimeNanos) throws IOException {
        Syscalls.lutimes(path, atimeNanos, mtimeNanos);
    }

    private void writeFile(LayerEntry e, Path path, TarReader data) throws IOException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
                LinkOption.NOFOLLOW_LINKS)) {
            long position = 0;
            int n;
            while ((n = data.read(buffer)) >= 0) {
                // Holes of a sparse entry stay holes: a sparse lastlog of gigabytes must not be written out as zeros.
                if (!e.sparse() || !allZero(buffer, n)) {
                    ByteBuffer bb = ByteBuffer.wrap(buffer, 0, n);
                    while (bb.hasRemaining()) {
                        ch.write(bb, position + bb.position());
                    }
                }
                position += n;
            }
            if (e.sparse() && ch.size() < position) {
                ch.write(ByteBuffer.wrap(new byte[1]), position - 1);
            }
        }
    }

    private static void link(Path path, Path target) throws IOException {
        try {
            Files.createLink(path, target);
        } catch (NoSuchFileException ex) {
            throw BerthException.invalid("hard link target vanished while replacing the entry");
        }
    }

    private static String checkedLinkTarget(String target) {
        if (target.isEmpty()) {
            throw BerthException.invalid("empty symlink target");
        }
        if (target.indexOf('\0') >= 0) {
            throw BerthException.invalid("symlink target contains a NUL byte");
        }
        if (target.getBytes(StandardCharsets.UTF_8).length > MAX_LINK_TARGET) {
            throw BerthException.invalid("symlink target longer than " + MAX_LINK_TARGET + " bytes");
        }
        return target;
    }

    private static boolean allZero(byte[] b, int n) {
        for (int i = 0; i < n; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }
}
