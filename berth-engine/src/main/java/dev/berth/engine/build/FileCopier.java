package dev.berth.engine.build;

import dev.berth.engine.archive.RootfsPath;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.ApplyOptions;
import dev.berth.oci.layer.CompressionStreams;
import dev.berth.oci.layer.LayerApplier;
import dev.berth.oci.spec.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Copies files into a build step's root file system with docker's COPY rules: a directory source copies its
 * contents; a destination ending in {@code /} (or an existing directory) receives files under their own names;
 * missing parent directories are created (mode 0755, owned by the {@code --chown} owner); files keep their mode
 * (or take {@code --chmod}) and modification time and belong to {@code --chown} (default root). Every destination
 * path resolves inside the root file system ({@link RootfsPath}): the image's symlinks cannot lead the copy out.
 */
final class FileCopier {
    /** Numeric owner of copied files. */
    record Owner(int uid, int gid) {
        static final Owner ROOT = new Owner(0, 0);
    }

    private final Path rootfs;
    private final Owner owner;
    private final Optional<Integer> chmod;

    FileCopier(Path rootfs, Owner owner, Optional<Integer> chmod) {
        this.rootfs = rootfs;
        this.owner = owner;
        this.chmod = chmod;
    }

    /** Copies {@code source} (file, directory or symlink) to container path {@code dest}. */
    void copy(Path source, String dest, boolean destIsDir) throws IOException {
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            Path dir = mkdirs(dest);
            try (Stream<Path> children = Files.list(source)) {
                for (Path c : children.sorted().toList()) {
                    copyEntry(c, dir);
                }
            }
            return;
        }
        Path target = resolveFileTarget(dest, source.getFileName().toString(), destIsDir);
        copyEntry(source, target.getParent(), target.getFileName().toString());
    }

    /** Writes {@code content} as file {@code name} at {@code dest} (a here-document), mode 0644 unless --chmod. */
    void write(byte[] content, String name, String dest, boolean destIsDir) throws IOException {
        Path target = resolveFileTarget(dest, name, destIsDir);
        replace(target);
        Files.write(target, content);
        finish(target, 0644);
    }

    /** Unpacks {@code archive} (a local tar, plain, gzip or zstd) into directory {@code dest}, as ADD does. */
    void extract(Path archive, String dest) throws IOException {
        Path dir = mkdirs(dest);
        try (InputStream raw = Files.newInputStream(archive);
                BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024)) {
            Compression c = CompressionStreams.detect(in);
            LayerApplier.apply(in, c, dir.toRealPath(), ApplyOptions.defaults());
        }
    }

    /** Whether {@code file} is a tar archive ADD unpacks: ustar magic after an optional gzip or zstd frame. */
    static boolean isArchive(Path file) {
        if (!Files.isRegularFile(file)) {
            return false;
        }
        try (InputStream raw = Files.newInputStream(file);
                BufferedInputStream in = new BufferedInputStream(raw, 64 * 1024)) {
            Compression c = CompressionStreams.detect(in);
            byte[] header = CompressionStreams.decompress(in, c).readNBytes(512);
            return header.length == 512 && new String(header, 257, 5, java.nio.charset.StandardCharsets.US_ASCII)
                    .equals("ustar");
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private Path resolveFileTarget(String dest, String name, boolean destIsDir) throws IOException {
        Path resolved = RootfsPath.resolve(rootfs, dest, true);
        if (destIsDir || Files.isDirectory(resolved)) {
            return mkdirs(dest).resolve(name);
        }
        String parent = dest.contains("/") ? dest.substring(0, dest.lastIndexOf('/')) : "";
        return mkdirs(parent).resolve(resolved.getFileName());
    }

    private void copyEntry(Path source, Path parent) throws IOException {
        copyEntry(source, parent, source.getFileName().toString());
    }

    private void copyEntry(Path source, Path parent, String name) throws IOException {
        Path target = parent.resolve(name);
        if (Files.isSymbolicLink(source)) {
            replace(target);
            Files.createSymbolicLink(target, Files.readSymbolicLink(source));
            Files.setAttribute(target, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
            Files.setAttribute(target, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
            return;
        }
        if (Files.isDirectory(source, LinkOption.NOFOLLOW_LINKS)) {
            if (Files.isSymbolicLink(target)) {
                target = RootfsPath.resolve(rootfs, "/" + rootfs.relativize(target), true);
            }
            if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                replace(target);
                Files.createDirectory(target);
            }
            try (Stream<Path> children = Files.list(source)) {
                for (Path c : children.sorted().toList()) {
                    copyEntry(c, target);
                }
            }
            finish(target, mode(source));
            Files.setLastModifiedTime(target, Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS));
            return;
        }
        if (!Files.isRegularFile(source, LinkOption.NOFOLLOW_LINKS)) {
            throw BerthException.invalid("copy " + source.getFileName() + ": not a regular file, directory or symlink");
        }
        replace(target);
        Files.copy(source, target, LinkOption.NOFOLLOW_LINKS);
        finish(target, mode(source));
        Files.setLastModifiedTime(target, Files.getLastModifiedTime(source, LinkOption.NOFOLLOW_LINKS));
    }

    /** Creates container directory {@code dest} and its missing parents (0755, the copy's owner); returns it. */
    Path mkdirs(String dest) throws IOException {
        Path dir = rootfs;
        StringBuilder path = new StringBuilder();
        for (String part : dest.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            path.append('/').append(part);
            Path next = RootfsPath.resolve(rootfs, path.toString(), true);
            if (!Files.exists(next, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectory(next);
                Files.setPosixFilePermissions(next, permissions(0755));
                Files.setAttribute(next, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
                Files.setAttribute(next, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
            } else if (!Files.isDirectory(next, LinkOption.NOFOLLOW_LINKS)) {
                throw BerthException.invalid("failed to copy files: mkdir " + path + ": not a directory");
            }
            dir = next;
        }
        return dir;
    }

    private void finish(Path target, int sourceMode) throws IOException {
        Files.setAttribute(target, "unix:uid", owner.uid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:gid", owner.gid(), LinkOption.NOFOLLOW_LINKS);
        Files.setAttribute(target, "unix:mode", chmod.orElse(sourceMode), LinkOption.NOFOLLOW_LINKS);
    }

    private static void replace(Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            try (Stream<Path> s = Files.list(target)) {
                for (Path c : s.toList()) {
                    replace(c);
                }
            }
        }
        Files.deleteIfExists(target);
    }

    private static int mode(Path p) throws IOException {
        return (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        List<PosixFilePermission> all = List.of(PosixFilePermission.values());
        Set<PosixFilePermission> out = java.util.EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < 9; i++) {
            if ((mode & (1 << (8 - i))) != 0) {
                out.add(all.get(i));
            }
        }
        return out;
    }
}
