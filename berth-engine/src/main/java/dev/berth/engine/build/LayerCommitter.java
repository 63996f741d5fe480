package dev.berth.engine.build;

import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.image.UnpackedLayer;
import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.BlobWriter;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.LayerDiff;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.layer.LayerWriteOptions;
import dev.berth.oci.layer.LayerWriter;
import dev.berth.oci.spec.Compression;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.MediaTypes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * Makes a build step's changes a layer of the image store: the diff is written once as an uncompressed tar into the
 * content store (what save and push send, as docker keeps built layers), then unpacked from there into the layer
 * directory of its chain ID, so the next step mounts it like any pulled layer.
 */
final class LayerCommitter {
    private final ImageStore store;

    LayerCommitter(ImageStore store) {
        this.store = store;
    }

    /** The layer of {@code diff} on top of {@code parent}; empty when the diff holds no change. */
    Optional<ImageLayer> commit(LayerDiff diff, Optional<Digest> parentChain) {
        if (diff.changes().isEmpty()) {
            return Optional.empty();
        }
        String ref = "build-" + UUID.randomUUID();
        BlobInfo blob;
        LayerDigests digests;
        try (BlobWriter writer = store.content().writer(ref, Optional.empty(), OptionalLong.empty())) {
            OutputStream out = Channels.newOutputStream(writer);
            digests = new LayerWriter(LayerWriteOptions.preserve()).write(diff, Compression.NONE, out);
            out.flush();
            blob = writer.commit();
        } catch (RuntimeException e) {
            try {
                store.content().abort(ref);
            } catch (RuntimeException gone) {
                e.addSuppressed(gone);
            }
            throw e;
        } catch (IOException e) {
            throw BerthException.io("write layer of build step", e);
        }
        Digest diffId = digests.diffId();
        Digest chainId = parentChain.map(p -> Digest.sha256(p + " " + diffId)).orElse(diffId);
        String mediaType = MediaTypes.ociLayer(Compression.NONE);
        Descriptor descriptor = Descriptor.of(mediaType, blob.digest(), blob.size());
        UnpackedLayer unpacked;
        try (InputStream in = store.content().newInputStream(blob.digest())) {
            unpacked = store.layers().unpack(chainId, descriptor, diffId, in);
        } catch (IOException e) {
            throw BerthException.io("unpack layer " + blob.digest(), e);
        }
        return Optional.of(new ImageLayer(chainId, mediaType, digests, unpacked.size()));
    }
}
