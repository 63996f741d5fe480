package dev.berth.engine.image;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.BlobWriter;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.DigestingInputStream;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.CompressionStreams;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Compression;
import dev.berth.oci.spec.ContainerConfig;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Platform;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * {@code docker import} ({@code POST /images/create?fromSrc=-}): a root filesystem tar, plain or compressed, becomes
 * a one-layer image for the host's platform, with docker's history comment {@code Imported from -}. The tar is
 * stored as it came, then read twice: once for its diff_id (which names the layer directory), once to unpack it.
 */
public final class ImageImporter {
    private final ImageStore store;

    public ImageImporter(ImageStore store) {
        this.store = store;
    }

    /** Imports {@code tar}, tags the image {@code ref} when given, and returns the image ID. */
    public Digest importTar(InputStream tar, Optional<Reference> ref, String source) {
        try (Pins.Lease lease = store.lease()) {
            BufferedInputStream in = new BufferedInputStream(tar, 64 * 1024);
            Compression compression = CompressionStreams.detect(in);
            BlobInfo blob = storeBlob(in);
            lease.pin(blob.digest());
            Digest diffId = diffId(blob.digest(), compression);
            lease.pin(diffId);
            Descriptor layer = Descriptor.of(MediaTypes.ociLayer(compression), blob.digest(), blob.size());
            UnpackedLayer unpacked;
            try (InputStream stored = store.content().newInputStream(blob.digest())) {
                unpacked = store.layers().unpack(diffId, layer, diffId, stored);
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.MICROS);
            ImageConfig config = ImageConfig.of(Platform.host(), ContainerConfig.EMPTY, List.of(diffId),
                    List.of(new ImageConfig.History(Optional.of(now.toString()), Optional.empty(), Optional.empty(),
                            Optional.of("Imported from " + source), false)),
                    Optional.of(now.toString()));
            byte[] configBytes = config.toJson();
            Digest id = store.content().put(configBytes);
            lease.pin(id);
            ImageRecord image = new ImageRecord(id, configBytes.length, Platform.host(), now, unpacked.size(),
                    Optional.empty(), List.of(new ImageLayer(diffId, layer.mediaType(),
                            new dev.berth.oci.layer.LayerDigests(blob.digest(), blob.size(), diffId,
                                    unpacked.diffSize()), unpacked.size())));
            store.register(image);
            ref.ifPresent(r -> store.tag(r, id));
            store.publish("import", id, ref.map(Reference::familiarString).orElse(id.toString()));
            return id;
        } catch (IOException e) {
            throw BerthException.io("import " + source, e);
        }
    }

    private BlobInfo storeBlob(InputStream in) {
        String ref = "import-" + UUID.randomUUID();
        try (BlobWriter writer = store.content().writer(ref, Optional.empty(), OptionalLong.empty())) {
            writer.transferFrom(in);
            return writer.commit();
        } catch (RuntimeException e) {
            try {
                store.content().abort(ref);
            } catch (BerthException gone) {
                e.addSuppressed(gone);
            }
            throw e;
        }
    }

    private Digest diffId(Digest blob, Compression compression) throws IOException {
        try (InputStream raw = store.content().newInputStream(blob);
                DigestingInputStream diff = new DigestingInputStream(
                        CompressionStreams.decompress(raw, compression), DigestAlgorithm.SHA256)) {
            diff.transferTo(OutputStream.nullOutputStream());
            return diff.digester().digest();
        }
    }
}
