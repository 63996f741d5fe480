package dev.berth.cli.command;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** The tar side of {@code berth cp}: a host path archived under a given root name, and an archive unpacked. */
final class TarCopy {
    private TarCopy() {}

    /** Writes {@code source} (a file, link or directory tree) as a tar whose root entry is {@code name}. */
    static void write(Path source, String name, boolean followLink, OutputStream out) throws IOException {
        LinkOption[] link = followLink ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        try (TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            List<Path> paths;
            try (Stream<Path> walk = Files.isDirectory(source, link) ? Files.walk(source) : Stream.of(source)) {
                paths = walk.toList();
            }
            for (Path p : paths) {
                String relative = source.relativize(p).toString();
                String entryName = relative.isEmpty() ? name : name + "/" + relative;
                TarArchiveEntry entry = new TarArchiveEntry(p, entryName, p.equals(source) ? link
                        : new LinkOption[] {LinkOption.NOFOLLOW_LINKS});
                tar.putArchiveEntry(entry);
                if (entry.isFile()) {
                    Files.copy(p, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    /**
     * Unpacks {@code in} into {@code dir}; with {@code rename}, the archive's root entry (and everything under it)
     * takes that name. Entries that would land outside {@code dir} are refused.
     */
    static void extract(InputStream in, Path dir, Optional<String> rename, boolean keepOwners) throws IOException {
        TarArchiveInputStream tar = new TarArchiveInputStream(in);
        Path root = dir.toAbsolutePath().normalize();
        for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
            String name = e.getName();
            if (rename.isPresent()) {
                int slash = name.indexOf('/');
                name = slash < 0 || slash == name.length() - 1 ? rename.get() : rename.get() + name.substring(slash);
            }
            Path target = root.resolve(name).normalize();
            if (!target.startsWith(root)) {
                throw new IOException("archive entry " + e.getName() + " points outside " + root);
            }
            if (e.isDirectory()) {
                Files.createDirectories(target);
            } else if (e.isSymbolicLink()) {
                Files.deleteIfExists(target);
                Files.createSymbolicLink(target, Path.of(e.getLinkName()));
                continue;
            } else if (e.isLink()) {
                Files.deleteIfExists(target);
                Files.createLink(target, root.resolve(e.getLinkName()).normalize());
                continue;
            } else {
                Files.createDirectories(target.getParent());
                Files.copy(tar, target, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.setPosixFilePermissions(target, permissions(e.getMode()));
            Files.setLastModifiedTime(target, FileTime.from(e.getLastModifiedDate().toInstant()));
            if (keepOwners) {
                Files.setAttribute(target, "unix:uid", (int) e.getLongUserId(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(target, "unix:gid", (int) e.getLongGroupId(), LinkOption.NOFOLLOW_LINKS);
            }
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        PosixFilePermission[] order = {
            PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
            PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ,
        };
        for (int bit = 0; bit < order.length; bit++) {
            if ((mode & (1 << bit)) != 0) {
                set.add(order[bit]);
            }
        }
        return set;
    }
}
