package dev.berth.oci.layout;

import dev.berth.oci.content.BlobWriter;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.LayerDiff;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.layer.LayerWriteOptions;
import dev.berth.oci.layer.LayerWriter;
import dev.berth.oci.spec.Compression;
import dev.berth.oci.spec.ContainerConfig;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Platform;
import dev.berth.oci.spec.Raw;
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
    private final Platform platform;
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

    private ImageBuilder(Platform platform) {
        this.platform = platform;
    }

    /** A builder for {@code os/architecture[/variant]}, e.g. {@code linux/arm64/v8}, normalised. */
    public static ImageBuilder forPlatform(String platform) {
        String[] parts = platform.split("/", -1);
        if (parts.length < 2) {
            throw BerthException.invalid("platform \"" + platform + "\": expected os/architecture[/variant]");
        }
        return forPlatform(Platform.parse(platform));
    }

    public static ImageBuilder forPlatform(Platform platform) {
        return new ImageBuilder(Objects.requireNonNull(platform, "platform"));
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
        List<ImageConfig.History> history = new ArrayList<>();
        for (Step step : steps) {
            step.layer().ifPresent(diff -> layers.add(writeLayer(store, writer, diff)));
            history.add(ImageConfig.History.of(created.toString(), step.createdBy(), step.layer().isEmpty()));
        }
        ContainerConfig execution = ContainerConfig.EMPTY.withUser(user)
                .withEnv(env.isEmpty() ? Optional.empty() : Optional.of(List.copyOf(env)))
                .withEntrypoint(entrypoint).withCmd(cmd).withWorkingDir(workingDir).withLabels(labels);
        Raw<ImageConfig> config = Raw.of(ImageConfig.of(platform, execution,
                layers.stream().map(LayerDigests::diffId).toList(), history, Optional.of(created.toString())));
        store.put(config.bytes());
        List<Descriptor> layerDescriptors = layers.stream()
                .map(l -> Descriptor.of(MediaTypes.ociLayer(compression), l.digest(), l.size())).toList();
        Raw<ManifestDocument> manifest = Raw.of(Manifest.of(config.descriptor(), layerDescriptors));
        store.put(manifest.bytes());
        return new BuiltImage(manifest.descriptor().withPlatform(platform), config.digest(), layers);
    }

    /**
     * Stores an image index (image-spec "image-index.md") over single-platform {@code manifests} already in
     * {@code store}, each entry carrying the platform its config names, and returns the index's descriptor.
     */
    public static Descriptor index(ContentStore store, List<Digest> manifests) {
        List<Descriptor> entries = new ArrayList<>();
        for (Digest digest : manifests) {
            ManifestDocument doc = ManifestDocument.parse(read(store, digest), Optional.empty());
            if (!(doc instanceof Manifest manifest)) {
                throw BerthException.invalid("build index: " + digest + " is a " + doc.mediaType()
                        + ", not an image manifest");
            }
            Platform platform = ImageConfig.parse(read(store, manifest.config().digest())).platform();
            entries.add(Descriptor.of(manifest.mediaType(), digest, store.info(digest).orElseThrow().size())
                    .withPlatform(platform));
        }
        Raw<ManifestDocument> index = Raw.of(Index.of(entries));
        store.put(index.bytes());
        return index.descriptor();
    }

    private static byte[] read(ContentStore store, Digest digest) {
        try (var in = store.newInputStream(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw BerthException.io("build index: read " + digest, e);
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
