package dev.berth.engine.archive;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.layer.ApplyOptions;
import dev.berth.oci.layer.CompressionStreams;
import dev.berth.oci.layer.LayerApplier;
import dev.berth.oci.layer.LayerWriteOptions;
import dev.berth.oci.layer.LayerWriter;
import dev.berth.oci.spec.Compression;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Files in and out of a container's root file system, as {@code docker cp} and {@code docker export} move them
 * (Engine API {@code /containers/{id}/archive} and {@code /export}): paths are resolved inside the root
 * ({@link RootfsPath}), never outside it; archives are plain tars.
 */
public final class ContainerArchive {
    /** A volume or bind mount of the container: where it shows inside, what it shows from the host, writable. */
    public record Mount(String destination, Path source, boolean rw) {}

    private final Path rootfs;
    private final Path view;
    private final List<Mount> mounts;
    private final String container;

    /**
     * The archive view of container {@code container} (its name or id, for messages) whose root file system is
     * {@code rootfs} (what {@code export} writes and {@code cp} into it fills), seen by {@code cp} out of it as
     * {@code view}: the root with the container's mounts (its /etc/hostname, volumes, binds), as dockerd's {@code cp}
     * sees it; {@code rootfs} itself when there is no such view. {@code cp} into it writes into {@code mounts}' host
     * sources below their destinations, as dockerd's does.
     */
    public ContainerArchive(Path rootfs, Path view, List<Mount> mounts, String container) {
        this.rootfs = rootfs;
        this.view = view;
        this.mounts = List.copyOf(mounts);
        this.container = container;
    }

    /** What {@code path} is; NOT_FOUND in Docker's words when it does not exist. */
    public PathStat stat(String path) {
        Path host = existing(path);
        try {
            String link = "";
            if (Files.isSymbolicLink(host)) {
                link = "/" + view.relativize(RootfsPath.resolve(view, path, true)).toString();
            }
            return PathStat.of(host, baseName(path, host), link);
        } catch (IOException e) {
            throw BerthException.io("stat " + path + " in container " + container, e);
        }
    }

    /**
     * Writes a tar of {@code path} to {@code out}: the file, or the directory with everything below it, named by its
     * base name (a symlink is archived as the link; none is followed below), owners numeric, as docker's archiver
     * writes it (PAX records only where ustar cannot say it); the root as {@code .}.
     */
    public void get(String path, OutputStream out) {
        Path host = existing(path);
        new LayerWriter(LayerWriteOptions.preserve()).writeAs(host, host.equals(view) ? "." : host.getFileName()
                .toString(), out);
    }

    /**
     * Extracts the tar {@code in} (plain or compressed) into the directory {@code path}; nothing lands outside that
     * directory (a symlink to one is followed inside the root). Files keep the owners the tar gives them.
     */
    public void put(String path, InputStream in) {
        // Into the root file system or a mount's host source, not the view: the extraction takes its root's real
        // path, which for /proc/PID/root is the daemon's own root, not the container's.
        Path host = resolved(rootfs, path, true);
        String inside = "/" + rootfs.relativize(host);
        Optional<Mount> mount = mounts.stream().filter(m -> inside.equals(m.destination())
                        || inside.startsWith(m.destination().endsWith("/") ? m.destination() : m.destination() + "/"))
                .max(java.util.Comparator.comparingInt(m -> m.destination().length()));
        if (mount.isPresent()) {
            if (!mount.get().rw()) {
                throw new BerthException(ErrorKind.FAILED_PRECONDITION, "mounted volume is marked read-only");
            }
            String below = inside.substring(mount.get().destination().length());
            host = resolved(mount.get().source(), below.isEmpty() ? "/" : below, true);
        }
        if (!RootfsPath.isDirectory(exists(host, path))) {
            throw BerthException.invalid("extraction point is not a directory");
        }
        try {
            BufferedInputStream buffered = new BufferedInputStream(in, 64 * 1024);
            Compression compression = CompressionStreams.detect(buffered);
            LayerApplier.apply(buffered, compression, host, ApplyOptions.defaults().withIgnoreOwnership(false));
        } catch (IOException e) {
            throw BerthException.io("extract archive to " + path + " in container " + container, e);
        }
    }

    /** Writes the whole root file system as a tar ({@code docker export}), entries relative to the root. */
    public void export(OutputStream out) {
        new LayerWriter(LayerWriteOptions.preserve()).write(rootfs, Compression.NONE, out);
    }

    private Path existing(String path) {
        return existing(view, path, false);
    }

    private Path existing(Path root, String path, boolean followLast) {
        return exists(resolved(root, path, followLast), path);
    }

    private Path exists(Path host, String path) {
        if (!Files.exists(host, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw BerthException.notFound("Could not find the file " + path + " in container " + container);
        }
        return host;
    }

    private static Path resolved(Path root, String path, boolean followLast) {
        if (path.isEmpty()) {
            throw BerthException.invalid("path cannot be empty");
        }
        return RootfsPath.resolve(root, path.startsWith("/") ? path : "/" + path, followLast);
    }

    private String baseName(String path, Path host) {
        if (host.equals(view)) {
            return "/";
        }
        return host.getFileName().toString();
    }
}
