package dev.berth.oci.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.content.BlobWriter;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.LayerDiff;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.layer.LayerWriteOptions;
import dev.berth.oci.layer.LayerWriter;
import dev.berth.oci.spec.Compression;
import dev.berth.oci.spec.MediaTypes;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Builds one single-platform image (image-spec "manifest.md", "config.md") into a content store: each layer is
 * written from a {@link LayerDiff} (a directory, the diff of two trees, or an overlay upper directory) straight into
 * the store, then the config and the manifest. Reproducible by default: owners 0:0 and every mtime and the
 * {@code created} times set to {@link #created(Instant)}, so the same inputs give the same digests.
 *
 * <pre>{@code
 * BuiltImage image = ImageBuilder.forPlatform("linux/amd64")
 *         .layer(LayerDiff.ofTree(rootfs), "COPY rootfs /")
 *         .env("PATH=/bin").cmd(List.of("sh"))
 *         .build(layout.blobs());
 * layout.tag("latest", image.manifest());
 * }</pre>
 */
public final class ImageBuilder {
    private final ImagePlatform platform;
    private final List<Step> steps = new ArrayList<>();
    private final List<String> env = new ArrayList<>();
    private final Map<String, String> labels = new LinkedHashMap<>();
    private Optional<List<String>> entrypoint = Optional.empty();
    private Optional<List<String>> cmd = Optional.empty();
    private Optional<String> workingDir = Optional.empty();
    private Optional<String> user = Optional.empty();
    private Instant created = Instant.EPOCH;
    private Compression compression = Compression.GZIP;
    private Optional<LayerWriteOptions> layerOptions = Optional.empty();

    /** A history entry, with the layer it made if any. */
    record Step(Optional<LayerDiff> layer, String createdBy) {}

    private ImageBuilder(ImagePlatform platform) {
        this.platform = platform;
    }

    /** A builder for {@code os/architecture[/variant]}, e.g. {@code linux/arm64/v8}. */
    public static ImageBuilder forPlatform(String platform) {
        return new ImageBuilder(ImagePlatform.parse(platform));
    }

    /** Adds a layer on top of the previous ones; {@code createdBy} is its history entry's command. */
    public ImageBuilder layer(LayerDiff diff, String createdBy) {
        steps.add(new Step(Optional.of(Objects.requireNonNull(diff, "diff")), createdBy));
        return this;
    }

    /** Adds a history entry that made no layer ({@code CMD}, {@code ENV} in a Dockerfile). */
    public ImageBuilder emptyLayerHistory(String createdBy) {
        steps.add(new Step(Optional.empty(), createdBy));
        return this;
    }

    public ImageBuilder entrypoint(List<String> args) {
        this.entrypoint = Optional.of(List.copyOf(args));
        return this;
    }

    public ImageBuilder cmd(List<String> args) {
        this.cmd = Optional.of(List.copyOf(args));
        return this;
    }

    /** Adds {@code NAME=value} to the environment; a later value for the same name replaces the earlier one. */
    public ImageBuilder env(String nameValue) {
        int eq = nameValue.indexOf('=');
        if (eq <= 0) {
            throw BerthException.invalid("image env \"" + nameValue + "\": expected NAME=value");
        }
        String prefix = nameValue.substring(0, eq + 1);
        env.removeIf(e -> e.startsWith(prefix));
        env.add(nameValue);
        return this;
    }

    public ImageBuilder workingDir(String dir) {
        this.workingDir = Optional.of(dir);
        return this;
    }

    public ImageBuilder user(String user) {
        this.user = Optional.of(user);
        return this;
    }

    public ImageBuilder label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    /** The config's and each history entry's {@code created}, and (unless overridden) every file's mtime. */
    public ImageBuilder created(Instant created) {
        this.created = Objects.requireNonNull(created, "created");
        return this;
    }

    /** How layers are compressed; gzip by default, what every client can pull. */
    public ImageBuilder compression(Compression compression) {
        this.compression = Objects.requireNonNull(compression, "compression");
        return this;
    }

    /** How file owners and times are recorded; reproducible at {@link #created(Instant)} by default. */
    public ImageBuilder layerOptions(LayerWriteOptions options) {
        this.layerOptions = Optional.of(options);
        return this;
    }

    /** Writes the layers, the config and the manifest into {@code store}; tags nothing. */
    public BuiltImage build(ContentStore store) {
        LayerWriter writer = new LayerWriter(layerOptions.orElse(LayerWriteOptions.reproducible(created)));
        List<LayerDigests> layers = new ArrayList<>();
        for (Step step : steps) {
            if (step.layer().isPresent()) {
                layers.add(writeLayer(store, writer, step.layer().get()));
            }
        }
        ImageDocuments.Config config = new ImageDocuments.Config(platform, created, entrypoint, cmd, env,
                workingDir, user, labels, steps, layers);
        byte[] configJson = ImageDocuments.config(config);
        Digest configDigest = store.put(configJson);
        byte[] manifestJson = ImageDocuments.manifest(configDigest, configJson.length, layers, compression);
        Digest manifestDigest = store.put(manifestJson);
        return new BuiltImage(manifestDigest, manifestJson.length, configDigest, layers, platform.toString());
    }

    /**
     * Stores an image index (image-spec "image-index.md") over single-platform {@code manifests} already in
     * {@code store}, each entry carrying the platform its config names, and returns the index's digest.
     */
    public static Digest index(ContentStore store, List<Digest> manifests) {
        List<ObjectNode> entries = new ArrayList<>();
        for (Digest manifest : manifests) {
            JsonNode doc = readJson(store, manifest);
            String mediaType = doc.path("mediaType").asText(MediaTypes.OCI_MANIFEST);
            if (!MediaTypes.isManifest(mediaType)) {
                throw BerthException.invalid("build index: " + manifest + " is a " + mediaType + ", not a manifest");
            }
            JsonNode config = readJson(store, Digest.parse(doc.path("config").path("digest").asText()));
            ObjectNode entry = ImageDocuments.descriptor(mediaType, manifest, store.info(manifest).orElseThrow().size());
            ObjectNode platform = entry.putObject("platform")
                    .put("architecture", config.path("architecture").asText())
                    .put("os", config.path("os").asText());
            if (config.hasNonNull("variant")) {
                platform.put("variant", config.get("variant").asText());
            }
            entries.add(entry);
        }
        return store.put(ImageDocuments.index(entries));
    }

    private static JsonNode readJson(ContentStore store, Digest digest) {
        try (var in = store.newInputStream(digest)) {
            return LayoutJson.MAPPER.readTree(in);
        } catch (IOException e) {
            throw BerthException.invalid("build index: " + digest + " is not JSON: " + e.getMessage());
        }
    }

    private LayerDigests writeLayer(ContentStore store, LayerWriter writer, LayerDiff diff) {
        String ref = "build-layer-" + UUID.randomUUID();
        BlobWriter blob = store.writer(ref, Optional.empty(), OptionalLong.empty());
        try {
            OutputStream out = new BufferedOutputStream(Channels.newOutputStream(blob), 256 * 1024);
            LayerDigests digests = writer.write(diff, compression, out);
            out.flush();
            blob.commit(digests.digest(), digests.size());
            return digests;
        } catch (IOException | RuntimeException e) {
            blob.abort();
            throw e instanceof IOException io ? BerthException.io("build layer from " + diff, io)
                    : BerthException.wrap("build layer from " + diff, e);
        } finally {
            blob.close();
        }
    }
}
