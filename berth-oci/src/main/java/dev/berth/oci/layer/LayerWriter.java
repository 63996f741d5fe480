package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Writes a directory tree or a {@link LayerDiff} as an OCI layer (image spec, "Image Layer Filesystem Changeset"),
 * uncompressed, gzip or zstd, to a stream, computing the blob digest and the diff_id in the same pass.
 *
 * <p>The tar is deterministic: entries in byte order of their names, each directory before its contents, pax over
 * ustar as Go's {@code archive/tar} writes it for docker and containerd (ustar where it fits, pax records for long
 * names and link targets, big ids and sizes, sub-second mtimes and {@code SCHILY.xattr.*}), numeric owners only, no
 * atime or ctime. Hard links are written once and then as link entries; whiteouts as {@code .wh.<name>}, opaque
 * directories as {@code .wh..wh..opq}, both empty regular files with mode 0 and mtime 0 as containerd writes them.
 * Owners and mtimes follow {@link LayerWriteOptions}.
 */
public final class LayerWriter {
    private final LayerWriteOptions options;

    public LayerWriter(LayerWriteOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** Writes everything under {@code root} (not the root itself) to {@code out}, which stays open. */
    public LayerDigests write(Path root, Compression compression, OutputStream out) {
        return write(LayerDiff.ofTree(root), compression, out);
    }

    /**
     * Writes everything under {@code root} except the top-level names of {@code extra}, then each of {@code extra}'s
     * files under its name: docker's CLI sends a Dockerfile from outside the build context that way, with a changed
     * {@code .dockerignore} in place of the context's.
     */
    public LayerDigests write(Path root, Map<String, Path> extra, Compression compression, OutputStream out) {
        return write(LayerDiff.ofTree(root), extra, compression, out);
    }

    /** Writes the changes of {@code diff} to {@code out}, which stays open. */
    public LayerDigests write(LayerDiff diff, Compression compression, OutputStream out) {
        return write(diff, Map.of(), compression, out);
    }

    /**
     * Writes {@code file} as the entry {@code name} and, for a directory, everything below it as {@code name/...}, as
     * docker's archiver sends a path out of a container ({@code docker cp}): a symlink as the link, not followed;
     * mtimes in whole seconds. Uncompressed, no digest; {@code out} stays open.
     */
    public void writeAs(Path file, String name, OutputStream out) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(out, "out");
        try {
            LayerTarStream tar = new LayerTarStream(out, options, XattrFilter.PLAIN, true);
            FileMeta meta = FileMeta.read(file);
            tar.writeEntry(name, file, meta);
            if (meta.isDirectory()) {
                LayerDiff tree = LayerDiff.ofTree(file);
                tree.walk(event -> writeEvent(tar, tree.source(), event, name + "/"));
            }
            tar.finish();
        } catch (IOException | RuntimeException e) {
            throw BerthException.wrap("write " + file + " as " + name, e);
        }
    }

    private LayerDigests write(LayerDiff diff, Map<String, Path> extra, Compression compression, OutputStream out) {
        Objects.requireNonNull(diff, "diff");
        Objects.requireNonNull(extra, "extra");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(out, "out");
        LayerBlobOutput blob;
        try {
            blob = LayerBlobOutput.open(out, compression);
        } catch (IOException e) {
            throw BerthException.io("write layer from " + diff, e);
        }
        try {
            LayerTarStream tar = new LayerTarStream(blob.tar(), options, diff.xattrFilter());
            diff.walk(event -> {
                if (!extra.containsKey(event.path())) {
                    writeEvent(tar, diff.source(), event, "");
                }
            });
            for (Map.Entry<String, Path> e : extra.entrySet()) {
                tar.writeEntry(e.getKey(), e.getValue(), FileMeta.read(e.getValue()));
            }
            tar.finish();
            return blob.finish();
        } catch (IOException | RuntimeException e) {
            blob.abandon();
            throw BerthException.wrap("write layer from " + diff, e);
        }
    }

    /** Writes {@code event}, its path named in the tar after {@code prefix}. */
    private static void writeEvent(LayerTarStream tar, Path source, DiffEvent event, String prefix)
            throws IOException {
        String path = prefix + event.path();
        switch (event.kind()) {
            case ADDED, MODIFIED -> {
                Path file = source.resolve(event.path());
                tar.writeEntry(path, file, event.meta().isPresent() ? event.meta().get() : FileMeta.read(file));
            }
            case DELETED -> tar.writeWhiteout(path);
            case OPAQUE -> tar.writeOpaque(path);
            case UNMODIFIED_LINK -> tar.writeUnmodifiedLink(path, event.meta().orElseThrow());
            case HIDDEN -> {
                // Covered by the opaque marker already written for its directory.
            }
        }
    }
}
