package dev.berth.engine.distribution;

import dev.berth.client.registry.BlobUploads;
import dev.berth.client.registry.Repository;
import dev.berth.engine.image.BlobSource;
import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.image.ImageStore;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Raw;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * {@code docker push} of one tag: each layer blob is found on the registry ({@code Layer already exists}), mounted
 * from another repository of the same registry that it is known to be in ({@code Mounted from …}; see
 * {@link BlobSource}: what this daemon pulled from or pushed to, kept after the image is gone, as dockerd's v2
 * metadata), or uploaded ({@code Pushed}); then the config, then the manifest. A pulled image is pushed with the
 * manifest it came with, byte for byte; a loaded one with an OCI manifest over the blobs that were found or mounted
 * (the registry's compressed ones) or else its stored (uncompressed) layers.
 */
public final class ImagePusher {
    /** dockerd's {@code maxMountAttempts}: repositories tried for a mount before the blob is uploaded. */
    private static final int MAX_MOUNT_ATTEMPTS = 3;

    /** Progress as docker words it; {@code id} is a layer's short diff_id, empty for whole-push lines. */
    public interface Progress {
        void status(Optional<String> id, String status);

        void bytes(String id, long current, long total);
    }

    /** What was pushed: the manifest's digest and size, for the {@code latest: digest: … size: …} line. */
    public record Pushed(String tag, Digest digest, long size) {}

    private final ImageStore store;

    public ImagePusher(ImageStore store) {
        this.store = store;
    }

    /** Pushes {@code tagged} to {@code repo}, its repository on its registry. */
    public Pushed push(Reference tagged, Repository repo, Progress progress) {
        ImageRecord image = store.find(tagged.toString()).orElseThrow(() -> BerthException.notFound(
                "An image does not exist locally with the tag: " + tagged.familiarName()));
        Raw<ManifestDocument> manifest = pushImage(image, tagged, repo, progress);
        String tag = tagged.tag().orElseThrow();
        repo.uploads().putManifest(tag, manifest.bytes(), manifest.mediaType(), manifest.digest());
        store.tag(tagged.nameOnly().withDigest(manifest.digest()), image.id());
        store.publish("push", tagged.familiarString(), image.id());
        return new Pushed(tag, manifest.digest(), manifest.size());
    }

    /**
     * Pushes {@code images}, one per platform (a multi-platform build), each manifest by its digest, then an OCI
     * index of them under {@code tagged}'s tag.
     */
    public Pushed pushIndex(Reference tagged, List<ImageRecord> images, Repository repo, Progress progress) {
        List<Descriptor> entries = new ArrayList<>();
        for (ImageRecord image : images) {
            Raw<ManifestDocument> manifest = pushImage(image, tagged, repo, progress);
            repo.uploads().putManifest(manifest.digest().toString(), manifest.bytes(), manifest.mediaType(),
                    manifest.digest());
            store.tag(tagged.nameOnly().withDigest(manifest.digest()), image.id());
            entries.add(Descriptor.of(manifest.mediaType(), manifest.digest(), manifest.size())
                    .withPlatform(image.platform()));
        }
        Raw<ManifestDocument> index = Raw.of(Index.of(entries));
        String tag = tagged.tag().orElseThrow();
        repo.uploads().putManifest(tag, index.bytes(), index.mediaType(), index.digest());
        images.forEach(image -> store.publish("push", tagged.familiarString(), image.id()));
        return new Pushed(tag, index.digest(), index.size());
    }

    /** Pushes the layers and config of {@code image}; returns the manifest to put over them. */
    private Raw<ManifestDocument> pushImage(ImageRecord image, Reference tagged, Repository repo,
            Progress progress) {
        Optional<Raw<ManifestDocument>> original = originalManifest(image);
        List<ImageLayer> layers = image.layers();
        for (int i = layers.size() - 1; i >= 0; i--) {
            progress.status(Optional.of(shortId(layers.get(i))), "Preparing");
        }
        Descriptor[] pushed = new Descriptor[layers.size()];
        List<BlobSource> sources = new ArrayList<>();
        for (int i = layers.size() - 1; i >= 0; i--) {
            ImageLayer layer = layers.get(i);
            Descriptor own = original.isPresent() ? ((Manifest) original.get().value()).layers().get(i)
                    : Descriptor.of(layer.mediaType(), layer.digests().digest(), layer.digests().size());
            pushed[i] = pushLayer(repo, tagged, layer, own, original.isPresent(), progress);
            sources.add(new BlobSource(layer.digests().diffId(), pushed[i], tagged.domain(), tagged.path()));
        }
        Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, image.id(), image.configSize());
        Raw<ManifestDocument> manifest = original.orElseGet(() -> Raw.of(Manifest.of(config,
                java.util.Arrays.stream(pushed).map(ImagePusher::asOciLayer).toList())));
        Descriptor configBlob = ((Manifest) manifest.value()).config();
        if (!repo.blobExists(configBlob)) {
            upload(repo, configBlob, sent -> { });
        }
        store.recordSources(sources);
        return manifest;
    }

    /**
     * Pushes one layer and returns the blob the manifest names for it: {@code own}, or, when the manifest is not
     * {@code fixed}, another blob of the same layer that the registry already holds.
     */
    private Descriptor pushLayer(Repository repo, Reference target, ImageLayer layer, Descriptor own, boolean fixed,
            Progress progress) {
        String id = shortId(layer);
        List<BlobSource> known = store.sources(layer.digests().diffId(), target.domain()).stream()
                .filter(s -> !fixed || s.blob().digest().equals(own.digest())).toList();
        List<Descriptor> here = new ArrayList<>();
        known.stream().filter(s -> s.repository().equals(target.path())).forEach(s -> here.add(s.blob()));
        here.add(own);
        for (Descriptor d : here.stream().distinct().toList()) {
            if (repo.blobExists(d)) {
                progress.status(Optional.of(id), "Layer already exists");
                return d;
            }
        }
        List<BlobSource> elsewhere = known.stream().filter(s -> !s.repository().equals(target.path())).toList()
                .reversed();
        for (BlobSource source : elsewhere.subList(0, Math.min(MAX_MOUNT_ATTEMPTS, elsewhere.size()))) {
            BlobUploads.Start start = repo.uploads().start(source.blob().digest(), Optional.of(source.repository()));
            if (start instanceof BlobUploads.Start.Mounted) {
                progress.status(Optional.of(id), "Mounted from " + source.repository());
                return source.blob();
            }
            if (source.blob().digest().equals(own.digest())) {
                // Refused, but the registry opened an upload session for this very blob: send it there.
                send(repo, (BlobUploads.Start.Session) start, own, sent -> progress.bytes(id, sent, own.size()));
                progress.status(Optional.of(id), "Pushed");
                return own;
            }
            // A session for another blob, left for the registry to expire (it never saw a byte).
        }
        upload(repo, own, sent -> progress.bytes(id, sent, own.size()));
        progress.status(Optional.of(id), "Pushed");
        return own;
    }

    private void upload(Repository repo, Descriptor blob, LongConsumer sent) {
        BlobUploads.Start start = repo.uploads().start(blob.digest(), Optional.empty());
        if (start instanceof BlobUploads.Start.Session session) {
            send(repo, session, blob, sent);
        }
    }

    /** The manifest the image came with, when it came with one (a pull) and it is still stored. */
    private Optional<Raw<ManifestDocument>> originalManifest(ImageRecord image) {
        if (image.manifest().isEmpty() || !store.content().contains(image.manifest().get())) {
            return Optional.empty();
        }
        Digest d = image.manifest().get();
        try (InputStream in = store.content().newInputStream(d)) {
            byte[] bytes = in.readNBytes(4 * 1024 * 1024);
            return Optional.of(Raw.manifest(bytes, Optional.of(MediaTypes.detect(bytes))));
        } catch (IOException e) {
            throw BerthException.io("read manifest " + d, e);
        }
    }

    /** The OCI media type of a layer blob (a mounted blob may carry docker's); the bytes are the same. */
    private static Descriptor asOciLayer(Descriptor d) {
        if (MediaTypes.isNonDistributable(d.mediaType())) {
            return d;
        }
        return MediaTypes.compressionOf(d.mediaType())
                .map(c -> Descriptor.of(MediaTypes.ociLayer(c), d.digest(), d.size())).orElse(d);
    }

    private static String shortId(ImageLayer layer) {
        return layer.digests().diffId().shortId();
    }

    /** Sends a stored blob to an upload session in one request. */
    private void send(Repository repo, BlobUploads.Start.Session session, Descriptor blob, LongConsumer sent) {
        ContentStore content = store.content();
        repo.uploads().upload(session.location(), blob, () -> content.newInputStream(blob.digest()), Long.MAX_VALUE,
                sent);
    }
}
