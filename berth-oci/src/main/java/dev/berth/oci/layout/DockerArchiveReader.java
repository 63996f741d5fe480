package dev.berth.oci.layout;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.BlobWriter;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestingInputStream;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.CompressionStreams;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Compression;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Json;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Platform;
import dev.berth.oci.spec.PlatformMatcher;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Reads a {@code docker save} tar in one pass, whatever the order of its entries: every regular file but the
 * small metadata files goes straight into the content store (named by the digest computed while streaming), so
 * nothing large is held in memory; {@code manifest.json} is then resolved against what was stored.
 */
final class DockerArchiveReader {
    private static final String ARCHIVE = "docker archive";
    private static final long MAX_METADATA_TOTAL = 64L * 1024 * 1024;

    private final ContentStore store;
    private final Map<String, BlobInfo> files = new HashMap<>();
    private final Map<String, String> symlinks = new HashMap<>();
    private final Map<String, byte[]> metadata = new HashMap<>();
    private long metadataBytes;

    DockerArchiveReader(ContentStore store) {
        this.store = store;
    }

    List<DockerArchive.Image> read(InputStream in) {
        ArchiveReader tar = new ArchiveReader(in, ARCHIVE);
        for (Optional<ArchiveReader.Entry> e = tar.next(); e.isPresent(); e = tar.next()) {
            ArchiveReader.Entry entry = e.get();
            switch (entry.kind()) {
                case FILE -> file(tar, entry);
                case SYMLINK -> symlinks.put(entry.name(), tar.resolveLink(entry));
                case DIRECTORY, OTHER -> { }
            }
        }
        byte[] manifest = metadata.get("manifest.json");
        if (manifest == null && metadata.containsKey("index.json")) {
            return fromIndex(metadata.get("index.json"));
        }
        if (manifest == null) {
            throw BerthException.invalid("read " + ARCHIVE + ": no manifest.json: not written by docker save 1.10+");
        }
        List<DockerArchive.Image> images = new ArrayList<>();
        for (DockerManifestItem item : parseManifest(manifest)) {
            images.add(image(item));
        }
        return images;
    }

    /**
     * The images of a plain OCI image layout tar (no {@code manifest.json}): each entry of {@code index.json}, an
     * index narrowed to the host's platform, named by its {@code io.containerd.image.name} annotation, else by an
     * {@code org.opencontainers.image.ref.name} that is a whole {@code name:tag} (a bare tag names nothing).
     */
    private List<DockerArchive.Image> fromIndex(byte[] json) {
        List<DockerArchive.Image> images = new ArrayList<>();
        for (Descriptor entry : Index.parse(json, Optional.empty()).manifests()) {
            Descriptor manifest = platformManifest(entry);
            Manifest m = Manifest.parse(blobBytes(manifest), Optional.of(manifest.mediaType()));
            List<Digest> diffIds = diffIds(stored(blobPath(m.config().digest())).digest());
            if (diffIds.size() != m.layers().size()) {
                throw BerthException.invalid("read " + ARCHIVE + ": manifest " + manifest.digest() + " lists "
                        + m.layers().size() + " layers, its config " + diffIds.size() + " diff_ids");
            }
            List<DockerArchive.Layer> layers = new ArrayList<>();
            for (int i = 0; i < diffIds.size(); i++) {
                layers.add(layer(blobPath(m.layers().get(i).digest()), diffIds.get(i)));
            }
            List<String> tags = entry.annotation(DockerArchiveWriter.CONTAINERD_IMAGE_NAME)
                    .or(() -> entry.annotation(OciLayout.REF_NAME)).filter(Reference::isValid).map(Reference::parse).filter(r -> r.tag().isPresent())
                    .map(r -> r.familiarString()).stream().toList();
            images.add(new DockerArchive.Image(m.config().digest(), m.config().size(), layers, tags));
        }
        return images;
    }

    private Descriptor platformManifest(Descriptor entry) {
        Descriptor d = entry;
        for (int depth = 0; MediaTypes.isIndex(d.mediaType()); depth++) {
            if (depth > 4) {
                throw BerthException.invalid("read " + ARCHIVE + ": indexes nested too deep");
            }
            Index index = Index.parse(blobBytes(d), Optional.of(d.mediaType()));
            Descriptor of = d;
            d = index.select(PlatformMatcher.host()).orElseThrow(() -> BerthException.notFound("read " + ARCHIVE
                    + ": index " + of.digest() + " has no manifest for " + Platform.host()));
        }
        return d;
    }

    private static String blobPath(Digest d) {
        return "blobs/" + d.algorithm() + "/" + d.encoded();
    }

    /** A blob of the layout, checked to be stored under its own digest, read whole (manifests and indexes). */
    private byte[] blobBytes(Descriptor d) {
        BlobInfo info = stored(blobPath(d.digest()));
        if (!info.digest().equals(d.digest())) {
            throw BerthException.corrupted("read " + ARCHIVE + ": " + blobPath(d.digest()) + " has digest "
                    + info.digest());
        }
        try (InputStream in = store.newInputStream(d.digest())) {
            return in.readNBytes(ArchiveReader.MAX_METADATA);
        } catch (IOException e) {
            throw BerthException.io("read " + ARCHIVE + ": " + blobPath(d.digest()), e);
        }
    }

    private static boolean isMetadata(String name) {
        return name.equals("manifest.json") || name.equals("repositories") || name.equals("index.json")
                || name.equals("oci-layout") || name.endsWith("/VERSION") || name.endsWith("/json");
    }

    private void file(ArchiveReader tar, ArchiveReader.Entry entry) {
        if (isMetadata(entry.name())) {
            metadataBytes += entry.size();
            if (metadataBytes > MAX_METADATA_TOTAL) {
                throw BerthException.invalid("read " + ARCHIVE + ": more than " + MAX_METADATA_TOTAL
                        + " bytes of metadata files");
            }
            metadata.put(entry.name(), tar.readSmall(entry));
            return;
        }
        files.put(entry.name(), ingest(tar.content(), entry));
    }

    private BlobInfo ingest(InputStream content, ArchiveReader.Entry entry) {
        String ref = "docker-archive-" + UUID.randomUUID();
        try (BlobWriter writer = store.writer(ref, Optional.empty(), OptionalLong.of(entry.size()))) {
            writer.transferFrom(content);
            return writer.commit();
        } catch (RuntimeException e) {
            try {
                store.abort(ref);
            } catch (BerthException gone) {
                e.addSuppressed(gone);
            }
            throw BerthException.wrap("read " + ARCHIVE + ": " + entry.name(), e);
        }
    }

    private static List<DockerManifestItem> parseManifest(byte[] json) {
        try {
            List<DockerManifestItem> items = Json.MAPPER.readValue(json, new TypeReference<>() {});
            if (items == null) {
                throw BerthException.invalid("read " + ARCHIVE + ": manifest.json is null");
            }
            return items;
        } catch (IOException | RuntimeException e) {
            if (e instanceof BerthException b) {
                throw b;
            }
            throw BerthException.invalid("read " + ARCHIVE + ": manifest.json: " + e.getMessage());
        }
    }

    private DockerArchive.Image image(DockerManifestItem item) {
        BlobInfo config = stored(item.config());
        List<Digest> diffIds = diffIds(config.digest());
        if (diffIds.size() != item.layers().size()) {
            throw BerthException.invalid("read " + ARCHIVE + ": image " + config.digest() + ": manifest.json lists "
                    + item.layers().size() + " layers, its config " + diffIds.size() + " diff_ids");
        }
        List<DockerArchive.Layer> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            layers.add(layer(item.layers().get(i), diffIds.get(i)));
        }
        for (String repoTag : item.repoTags()) {
            if (Reference.parse(repoTag).tag().isEmpty()) {
                throw BerthException.invalid("read " + ARCHIVE + ": RepoTags entry \"" + repoTag + "\" has no tag");
            }
        }
        return new DockerArchive.Image(config.digest(), config.size(), layers, item.repoTags());
    }

    /** The stored file an archive path names, following symlinks within the archive. */
    private BlobInfo stored(String path) {
        String name = ArchiveReader.normalize(ARCHIVE, path);
        for (int hops = 0; hops < 16 && symlinks.containsKey(name); hops++) {
            name = symlinks.get(name);
        }
        BlobInfo info = files.get(name);
        if (info == null) {
            throw BerthException.invalid("read " + ARCHIVE + ": manifest.json names " + path
                    + ", which the archive does not hold");
        }
        return info;
    }

    private List<Digest> diffIds(Digest config) {
        byte[] json;
        try (InputStream in = store.newInputStream(config)) {
            json = in.readNBytes(ArchiveReader.MAX_METADATA + 1);
        } catch (IOException e) {
            throw BerthException.io("read " + ARCHIVE + ": config " + config, e);
        }
        if (json.length > ArchiveReader.MAX_METADATA) {
            throw BerthException.invalid("read " + ARCHIVE + ": config " + config + " is larger than "
                    + ArchiveReader.MAX_METADATA + " bytes");
        }
        try {
            return ImageConfig.parse(json).diffIds();
        } catch (BerthException e) {
            throw BerthException.wrap("read " + ARCHIVE + ": config " + config, e);
        }
    }

    private DockerArchive.Layer layer(String path, Digest diffId) {
        BlobInfo blob = stored(path);
        if (blob.digest().equals(diffId)) {
            return DockerArchive.Layer.uncompressed(diffId, blob.size());
        }
        try (InputStream raw = new BufferedInputStream(store.newInputStream(blob.digest()), 64 * 1024)) {
            Compression compression = CompressionStreams.detect(raw);
            DigestingInputStream diff = new DigestingInputStream(
                    CompressionStreams.decompress(raw, compression), diffId.algorithm());
            diff.transferTo(OutputStream.nullOutputStream());
            Digest actual = diff.digester().digest();
            if (!actual.equals(diffId)) {
                throw BerthException.corrupted("read " + ARCHIVE + ": layer " + path + ": content is " + actual
                        + ", its config names diff_id " + diffId);
            }
            return new DockerArchive.Layer(
                    new LayerDigests(blob.digest(), blob.size(), diffId, diff.digester().size()), compression);
        } catch (IOException e) {
            throw BerthException.io("read " + ARCHIVE + ": layer " + path, e);
        }
    }
}
