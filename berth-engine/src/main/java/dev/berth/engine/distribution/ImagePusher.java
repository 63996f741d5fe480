package dev.berth.engine.distribution;

import dev.berth.client.registry.BlobUploads;
import dev.berth.client.registry.Repository;
import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.image.ImageRef;
import dev.berth.engine.image.ImageStore;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Descriptor;
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
 * from another repository of the same registry that an image of this daemon came from ({@code Mounted from …}), or
 * uploaded ({@code Pushed}); then the config, then the manifest. A pulled image is pushed with the manifest it came
 * with, byte for byte; a loaded one with an OCI manifest over its stored (uncompressed) layers.
 */
public final class ImagePusher {
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
        Raw<ManifestDocument> manifest = manifestOf(image);
        Manifest m = (Manifest) manifest.value();
        for (int i = image.layers().size() - 1; i >= 0; i--) {
            progress.status(Optional.of(shortId(image.layers().get(i))), "Preparing");
        }
        for (int i = image.layers().size() - 1; i >= 0; i--) {
            ImageLayer layer = image.layers().get(i);
            pushLayer(repo, tagged, m.layers().get(i), shortId(layer), progress);
        }
        if (!repo.blobExists(m.config())) {
            upload(repo, m.config(), Optional.empty());
        }
        String tag = tagged.tag().orElseThrow();
        repo.uploads().putManifest(tag, manifest.bytes(), manifest.mediaType(), manifest.digest());
        store.tag(tagged.nameOnly().withDigest(manifest.digest()), image.id());
        store.publish("push", tagged.familiarString(), image.id());
        return new Pushed(tag, manifest.digest(), manifest.size());
    }

    private void pushLayer(Repository repo, Reference target, Descriptor blob, String id, Progress progress) {
        if (repo.blobExists(blob)) {
            progress.status(Optional.of(id), "Layer already exists");
            return;
        }
        Optional<String> mountFrom = mountSource(target, blob.digest());
        BlobUploads.Start start = repo.uploads().start(blob.digest(), mountFrom);
        if (start instanceof BlobUploads.Start.Mounted) {
            progress.status(Optional.of(id), "Mounted from " + mountFrom.orElseThrow());
            return;
        }
        send(repo, (BlobUploads.Start.Session) start, blob, store.content(),
                sent -> progress.bytes(id, sent, blob.size()));
        progress.status(Optional.of(id), "Pushed");
    }

    private void upload(Repository repo, Descriptor blob, Optional<String> mountFrom) {
        BlobUploads.Start start = repo.uploads().start(blob.digest(), mountFrom);
        if (start instanceof BlobUploads.Start.Session session) {
            send(repo, session, blob, store.content(), sent -> { });
        }
    }

    /** Another repository of the target's registry that an image holding {@code blob} was pulled from or pushed to. */
    private Optional<String> mountSource(Reference target, Digest blob) {
        for (ImageRef r : store.refs()) {
            Reference ref = r.reference();
            if (!ref.domain().equals(target.domain()) || ref.path().equals(target.path())) {
                continue;
            }
            Optional<ImageRecord> image = store.find(r.imageId().toString());
            if (image.isPresent() && image.get().layers().stream().anyMatch(l -> l.digests().digest().equals(blob))) {
                return Optional.of(ref.path());
            }
        }
        return Optional.empty();
    }

    /** The manifest the image came with, or an OCI manifest over its stored config and layer blobs. */
    private Raw<ManifestDocument> manifestOf(ImageRecord image) {
        if (image.manifest().isPresent() && store.content().contains(image.manifest().get())) {
            Digest d = image.manifest().get();
            try (InputStream in = store.content().newInputStream(d)) {
                byte[] bytes = in.readNBytes(4 * 1024 * 1024);
                return Raw.manifest(bytes, Optional.of(MediaTypes.detect(bytes)));
            } catch (IOException e) {
                throw BerthException.io("read manifest " + d, e);
            }
        }
        List<Descriptor> layers = new ArrayList<>();
        for (ImageLayer l : image.layers()) {
            layers.add(Descriptor.of(l.mediaType(), l.digests().digest(), l.digests().size()));
        }
        Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, image.id(), image.configSize());
        return Raw.of(Manifest.of(config, layers));
    }

    private static String shortId(ImageLayer layer) {
        return layer.digests().diffId().shortId();
    }

    /** Sends a stored blob to an upload session in one request. */
    private static void send(Repository repo, BlobUploads.Start.Session session, Descriptor blob,
            ContentStore content, LongConsumer sent) {
        repo.uploads().upload(session.location(), blob, () -> content.newInputStream(blob.digest()), Long.MAX_VALUE,
                sent);
    }
}
