package dev.berth.engine.image;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.BlobWriter;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.LayerDiff;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.layer.LayerWriteOptions;
import dev.berth.oci.layer.LayerWriter;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Compression;
import dev.berth.oci.spec.ContainerConfig;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * {@code docker commit} ({@code POST /commit}): a container's layer becomes a new image layer over its image's — the
 * diff written as a gzip layer blob into the content store, unpacked into the layer store under its chain ID — and a
 * new image config: the parent's, with the container's config, the new diff_id and a history entry (created_by the
 * container's command, with the author and comment given).
 */
public final class ImageCommitter {
    private final ImageStore store;

    public ImageCommitter(ImageStore store) {
        this.store = store;
    }

    /** What to commit: the parent image, the container's changes, its config for the image, and the metadata. */
    public record Commit(ImageRecord parent, LayerDiff changes, ContainerConfig config, String createdBy,
            Optional<String> author, Optional<String> comment, Optional<Reference> ref) {}

    /** Commits and returns the new image's ID. */
    public Digest commit(Commit c) {
        try (Pins.Lease lease = store.lease()) {
            BlobInfo blob;
            LayerDigests digests;
            String ingest = "commit-" + UUID.randomUUID();
            try (BlobWriter writer = store.content().writer(ingest, Optional.empty(), OptionalLong.empty())) {
                OutputStream out = Channels.newOutputStream(writer);
                digests = new LayerWriter(LayerWriteOptions.preserve()).write(c.changes(), Compression.GZIP, out);
                blob = writer.commit();
            } catch (RuntimeException e) {
                abort(ingest, e);
                throw e;
            }
            lease.pin(blob.digest());
            Digest diffId = digests.diffId();
            lease.pin(diffId);
            ImageConfig parentConfig = store.config(c.parent().id());
            List<Digest> diffIds = new ArrayList<>(parentConfig.diffIds());
            diffIds.add(diffId);
            Digest chainId = ImageLayer.chainIds(diffIds).getLast();
            Descriptor layer = Descriptor.of(MediaTypes.ociLayer(Compression.GZIP), blob.digest(), blob.size());
            UnpackedLayer unpacked;
            try (InputStream stored = store.content().newInputStream(blob.digest())) {
                unpacked = store.layers().unpack(chainId, layer, diffId, stored);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            ImageConfig withLayer = parentConfig.withConfig(c.config()).withLayer(diffId, new ImageConfig.History(
                    Optional.of(now.toString()), Optional.of(c.createdBy()), c.author().filter(a -> !a.isEmpty()),
                    c.comment().filter(m -> !m.isEmpty()), false));
            ImageConfig config = new ImageConfig(withLayer.architecture(), withLayer.os(), withLayer.variant(),
                    withLayer.osVersion(), withLayer.osFeatures(), Optional.of(now.toString()),
                    c.author().filter(a -> !a.isEmpty()), withLayer.config(), withLayer.diffIds(),
                    withLayer.history(), withLayer.extra());
            byte[] configBytes = config.toJson();
            Digest id = store.content().put(configBytes);
            lease.pin(id);
            List<ImageLayer> layers = new ArrayList<>(c.parent().layers());
            layers.add(new ImageLayer(chainId, layer.mediaType(), new LayerDigests(blob.digest(), blob.size(), diffId,
                    digests.diffSize()), unpacked.size()));
            ImageRecord image = new ImageRecord(id, configBytes.length, config.platform(), now,
                    c.parent().size() + unpacked.size(), Optional.empty(), layers);
            store.register(image);
            c.ref().ifPresent(r -> store.tag(r, id));
            return id;
        } catch (IOException e) {
            throw BerthException.io("commit container layer", e);
        }
    }

    private void abort(String ingest, RuntimeException failure) {
        try {
            store.content().abort(ingest);
        } catch (BerthException gone) {
            failure.addSuppressed(gone);
        }
    }
}
