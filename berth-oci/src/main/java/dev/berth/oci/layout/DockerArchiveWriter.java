package dev.berth.oci.layout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.content.BlobReader;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.CompressionStreams;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Compression;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Json;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Raw;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Writes {@code docker save} tars as moby's {@code tarexport} does: layers uncompressed (decompressed on the fly),
 * each distinct layer once, {@code manifest.json} and {@code repositories} last. Blobs are streamed from the store.
 */
final class DockerArchiveWriter {
    private static final String ARCHIVE = "docker archive";
    private static final String EPOCH = "1970-01-01T00:00:00Z";
    /** containerd's annotation with an index entry's full image name; docker 25+ writes it beside the tag. */
    static final String CONTAINERD_IMAGE_NAME = "io.containerd.image.name";

    private final BlobReader blobs;
    private final DockerArchive.Format format;
    private final Map<Digest, String> writtenLayers = new HashMap<>();
    private final Map<String, Map<String, String>> repositories = new LinkedHashMap<>();

    DockerArchiveWriter(BlobReader blobs, DockerArchive.Format format) {
        this.blobs = blobs;
        this.format = format;
    }

    void write(OutputStream out, List<DockerArchive.Image> images) {
        try (ArchiveWriter tar = new ArchiveWriter(out)) {
            List<DockerManifestItem> items = new ArrayList<>();
            List<Descriptor> index = new ArrayList<>();
            for (DockerArchive.Image image : images) {
                items.add(format == DockerArchive.Format.LEGACY ? legacy(tar, image) : oci(tar, image, index));
            }
            if (format == DockerArchive.Format.OCI) {
                tar.file("index.json", Index.of(index).toJson());
                tar.file("oci-layout", OciLayout.LAYOUT_FILE_CONTENT.getBytes(StandardCharsets.UTF_8));
            }
            tar.file("manifest.json", json(items));
            if (!repositories.isEmpty()) {
                tar.file("repositories", json(repositories));
            }
        } catch (IOException e) {
            throw BerthException.io("write " + ARCHIVE, e);
        }
    }

    /** {@code <config hex>.json} and one {@code <v1 id>/} directory per layer, named as docker's v1 ids. */
    private DockerManifestItem legacy(ArchiveWriter tar, DockerArchive.Image image) throws IOException {
        JsonNode config = config(image);
        List<String> layerPaths = new ArrayList<>();
        String parent = "";
        Digest chain = null;
        for (int i = 0; i < image.layers().size(); i++) {
            DockerArchive.Layer layer = image.layers().get(i);
            Digest diffId = layer.digests().diffId();
            chain = chain == null ? diffId : Digest.sha256(chain + " " + diffId);
            boolean top = i == image.layers().size() - 1;
            String id = v1Id(chain, parent, top ? config.path("created").asText(EPOCH) : EPOCH);
            tar.file(id + "/VERSION", "1.0".getBytes(StandardCharsets.UTF_8));
            tar.file(id + "/json", json(v1Json(id, parent, top ? config : null)));
            String path = id + "/layer.tar";
            String earlier = writtenLayers.get(diffId);
            if (earlier != null) {
                tar.symlink(path, "../" + earlier);
            } else {
                layerTar(tar, path, layer);
                writtenLayers.put(diffId, path);
            }
            layerPaths.add(path);
            parent = id;
        }
        tar.file(image.config().encoded() + ".json", configBytes(image));
        remember(image.repoTags(), parent);
        return new DockerManifestItem(image.config().encoded() + ".json", familiar(image.repoTags()), layerPaths);
    }

    /** An OCI layout's {@code blobs/} with an uncompressed-layer manifest, and an index entry per tag. */
    private DockerManifestItem oci(ArchiveWriter tar, DockerArchive.Image image, List<Descriptor> index)
            throws IOException {
        List<String> layerPaths = new ArrayList<>();
        List<Descriptor> layers = new ArrayList<>();
        for (DockerArchive.Layer layer : image.layers()) {
            Digest diffId = layer.digests().diffId();
            String path = blobPath(diffId);
            if (!writtenLayers.containsKey(diffId)) {
                layerTar(tar, path, layer);
                writtenLayers.put(diffId, path);
            }
            layerPaths.add(path);
            layers.add(Descriptor.of(MediaTypes.OCI_LAYER_TAR, diffId, layer.digests().diffSize()));
        }
        String configPath = blobPath(image.config());
        tar.file(configPath, configBytes(image));
        Raw<ManifestDocument> manifest = Raw.of(Manifest.of(
                Descriptor.of(MediaTypes.OCI_CONFIG, image.config(), image.configSize()), layers));
        tar.file(blobPath(manifest.digest()), manifest.bytes());
        if (image.repoTags().isEmpty()) {
            index.add(manifest.descriptor());
        }
        for (String repoTag : image.repoTags()) {
            Reference ref = tagged(repoTag);
            index.add(manifest.descriptor().withAnnotations(Map.of(CONTAINERD_IMAGE_NAME, ref.toString(),
                    OciLayout.REF_NAME, ref.tag().orElseThrow())));
        }
        remember(image.repoTags(), image.layers().isEmpty() ? "" : image.layers().getLast().digests().diffId().encoded());
        return new DockerManifestItem(configPath, familiar(image.repoTags()), layerPaths);
    }

    static DockerArchive.Image imageOf(BlobReader blobs, Digest manifestDigest, List<String> repoTags) {
        ManifestDocument doc = ManifestDocument.parse(read(blobs, manifestDigest), Optional.empty());
        if (!(doc instanceof Manifest manifest)) {
            throw BerthException.invalid("save " + manifestDigest + ": an index, not an image manifest; pick a platform");
        }
        List<Digest> diffIds = ImageConfig.parse(read(blobs, manifest.config().digest())).diffIds();
        if (diffIds.size() != manifest.layers().size()) {
            throw BerthException.invalid("save " + manifestDigest + ": " + manifest.layers().size() + " layers but "
                    + diffIds.size() + " diff_ids in config " + manifest.config().digest());
        }
        List<DockerArchive.Layer> out = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            Compression compression = MediaTypes.compressionOf(layer.mediaType()).orElseThrow(() ->
                    BerthException.invalid("save " + manifestDigest + ": layer media type " + layer.mediaType()
                            + " unknown"));
            long diffSize = compression == Compression.NONE ? layer.size()
                    : uncompressedSize(blobs, layer.digest(), compression);
            out.add(new DockerArchive.Layer(
                    new LayerDigests(layer.digest(), layer.size(), diffIds.get(i), diffSize), compression));
        }
        return new DockerArchive.Image(manifest.config().digest(), manifest.config().size(), out, repoTags);
    }

    private static long uncompressedSize(BlobReader blobs, Digest layer, Compression compression) {
        try (InputStream in = CompressionStreams.decompress(blobs.newInputStream(layer), compression)) {
            return in.transferTo(OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw BerthException.io("save: decompress layer " + layer, e);
        }
    }

    private static byte[] read(BlobReader blobs, Digest digest) {
        try (InputStream in = blobs.newInputStream(digest)) {
            byte[] bytes = in.readNBytes(ArchiveReader.MAX_METADATA + 1);
            if (bytes.length > ArchiveReader.MAX_METADATA) {
                throw BerthException.invalid("save: " + digest + " is larger than " + ArchiveReader.MAX_METADATA
                        + " bytes");
            }
            return bytes;
        } catch (IOException e) {
            throw BerthException.io("save: read " + digest, e);
        }
    }

    private void layerTar(ArchiveWriter tar, String path, DockerArchive.Layer layer) throws IOException {
        try (InputStream blob = blobs.newInputStream(layer.digests().digest());
                InputStream diff = CompressionStreams.decompress(blob, layer.compression())) {
            tar.file(path, layer.digests().diffSize(), diff);
        }
    }

    private void remember(List<String> repoTags, String topLayerId) {
        for (String repoTag : repoTags) {
            Reference ref = tagged(repoTag);
            repositories.computeIfAbsent(ref.familiarName(), r -> new LinkedHashMap<>())
                    .put(ref.tag().orElseThrow(), topLayerId);
        }
    }

    /** The names docker writes in manifest.json: familiar, tagged ({@code busybox:latest}). */
    private static List<String> familiar(List<String> repoTags) {
        return repoTags.stream().map(t -> tagged(t).familiarString()).toList();
    }

    private static String v1Id(Digest chainId, String parent, String created) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("created", created)
                .put("layer_id", chainId.toString());
        if (!parent.isEmpty()) {
            node.put("parent", "sha256:" + parent);
        }
        return Digest.sha256(json(node)).encoded();
    }

    /** The legacy per-layer {@code json}; the top layer carries the image's config, as docker's does. */
    private static ObjectNode v1Json(String id, String parent, JsonNode config) {
        ObjectNode node = Json.MAPPER.createObjectNode().put("id", id);
        if (!parent.isEmpty()) {
            node.put("parent", parent);
        }
        if (config == null) {
            return node.put("created", EPOCH);
        }
        node.put("created", config.path("created").asText(EPOCH));
        if (config.has("config")) {
            node.set("config", config.get("config"));
        }
        node.put("architecture", config.path("architecture").asText(""));
        node.put("os", config.path("os").asText("linux"));
        return node;
    }

    private byte[] configBytes(DockerArchive.Image image) {
        return read(blobs, image.config());
    }

    private JsonNode config(DockerArchive.Image image) {
        try {
            return Json.MAPPER.readTree(configBytes(image));
        } catch (IOException e) {
            throw BerthException.invalid("write " + ARCHIVE + ": config " + image.config() + ": " + e.getMessage());
        }
    }

    private static String blobPath(Digest digest) {
        return "blobs/" + digest.algorithm().id() + "/" + digest.encoded();
    }

    /** A {@code repo:tag} name as docker reads it; a name without a tag gets {@code latest}, a digest is refused. */
    static Reference tagged(String repoTag) {
        Reference ref = Reference.parse(repoTag).withDefaultTag();
        if (ref.digest().isPresent()) {
            throw BerthException.invalid("write " + ARCHIVE + ": " + repoTag + ": archives name images by tag, not digest");
        }
        return ref;
    }

    private static byte[] json(Object value) {
        try {
            return (Json.MAPPER.writeValueAsString(value) + "\n").getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialise " + value.getClass().getSimpleName(), e);
        }
    }
}
