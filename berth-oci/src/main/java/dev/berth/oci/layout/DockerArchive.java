package dev.berth.oci.layout;

import dev.berth.oci.content.BlobReader;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.spec.Compression;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.List;
import java.util.Objects;

/**
 * The tar archives of {@code docker save} and {@code docker load} (moby {@code image/tarexport}), both ways.
 *
 * <pre>
 * LEGACY (docker ≤ 24)                       OCI (docker ≥ 25)
 *   manifest.json  [{Config, RepoTags, Layers}]   manifest.json  [{Config, RepoTags, Layers}]
 *   repositories   {name: {tag: top layer id}}    repositories
 *   &lt;config hex&gt;.json                             oci-layout, index.json (ref.name = tag)
 *   &lt;layer id&gt;/VERSION, json, layer.tar            blobs/sha256/&lt;hex&gt;  configs, manifests, layer tars
 * </pre>
 *
 * Layers are written uncompressed, as docker writes them; reading accepts uncompressed, gzip and zstd layers, and
 * layer files that are symlinks to an earlier copy of the same layer.
 */
public final class DockerArchive {
    /** Which release line of {@code docker save} to write. */
    public enum Format {
        /** Per-layer directories, {@code <id>/layer.tar}; what docker 20.10 writes. */
        LEGACY,
        /** An OCI image layout plus {@code manifest.json}; what docker 25 and later write. */
        OCI
    }

    /** One layer of an image: the blob as stored, and the identity of its uncompressed tar. */
    public record Layer(LayerDigests digests, Compression compression) {
        public Layer {
            Objects.requireNonNull(digests, "digests");
            Objects.requireNonNull(compression, "compression");
        }

        /** An uncompressed layer, whose blob is its diff. */
        public static Layer uncompressed(Digest diffId, long size) {
            return new Layer(new LayerDigests(diffId, size, diffId, size), Compression.NONE);
        }
    }

    /**
     * One image of an archive: its config blob, its layers in order (the config's {@code rootfs.diff_ids}), and the
     * {@code repo:tag} names it is saved under ({@code busybox:latest}), possibly none.
     */
    public record Image(Digest config, long configSize, List<Layer> layers, List<String> repoTags) {
        public Image {
            Objects.requireNonNull(config, "config");
            layers = List.copyOf(layers);
            repoTags = List.copyOf(repoTags);
            if (configSize < 0) {
                throw new IllegalArgumentException("negative config size");
            }
        }
    }

    private DockerArchive() {}

    /**
     * Reads a {@code docker save} tar of either format from {@code tar} (to its end, not closing it), putting every
     * config and layer into {@code store}. Each layer's content is checked against the diff_id its config names.
     */
    public static List<Image> read(InputStream tar, ContentStore store) {
        return new DockerArchiveReader(store).read(tar);
    }

    /**
     * The image whose manifest ({@code manifest}, in {@code blobs}) an archive should hold under {@code repoTags}:
     * its config and layers, with each compressed layer's diff size counted by decompressing it once.
     */
    public static Image imageOf(BlobReader blobs, Digest manifest, List<String> repoTags) {
        return DockerArchiveWriter.imageOf(blobs, manifest, repoTags);
    }

    /** Writes {@code images}, whose blobs {@code blobs} holds, as a {@code docker save} tar; {@code out} stays open. */
    public static void write(OutputStream out, List<Image> images, BlobReader blobs, Format format) {
        new DockerArchiveWriter(blobs, format).write(out, images);
    }
}
