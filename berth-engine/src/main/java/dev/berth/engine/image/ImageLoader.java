package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.layout.DockerArchive;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * {@code POST /images/load}: reads a {@code docker save} tar (legacy or OCI format) into the store, unpacks its
 * layers and tags its images, reporting each step in docker's words ({@code Loaded image: busybox:latest}).
 */
public final class ImageLoader {
    private final ImageStore store;

    public ImageLoader(ImageStore store) {
        this.store = store;
    }

    /** Loads every image of {@code tar}; {@code messages} gets docker's lines, without their newline. */
    public void load(InputStream tar, Consumer<String> messages) {
        List<DockerArchive.Image> images = DockerArchive.read(tar, store.content());
        try (Pins.Lease lease = store.lease()) {
            for (DockerArchive.Image image : images) {
                ImageRecord record = register(image, lease);
                for (String repoTag : image.repoTags()) {
                    Reference ref = Reference.parse(repoTag).withDefaultTag();
                    store.tag(ref, record.id()).ifPresent(old -> messages.accept("The image " + ref.familiarString()
                            + " already exists, renaming the old one with ID " + old + " to empty string"));
                    messages.accept("Loaded image: " + ref.familiarString());
                }
                if (image.repoTags().isEmpty()) {
                    messages.accept("Loaded image ID: " + record.id());
                }
                store.publish("load", record.id(), record.id().toString());
            }
        }
    }

    private ImageRecord register(DockerArchive.Image image, Pins.Lease lease) {
        lease.pin(image.config());
        ImageConfig config = store.config(image.config());
        List<Digest> chainIds = ImageLayer.chainIds(config.diffIds());
        List<ImageLayer> layers = new ArrayList<>();
        long size = 0;
        for (int i = 0; i < image.layers().size(); i++) {
            DockerArchive.Layer layer = image.layers().get(i);
            LayerDigests d = layer.digests();
            String mediaType = MediaTypes.ociLayer(layer.compression());
            lease.pin(chainIds.get(i));
            lease.pin(d.digest());
            UnpackedLayer unpacked;
            if (store.layers().contains(chainIds.get(i))) {
                unpacked = store.layers().get(chainIds.get(i));
            } else {
                try (InputStream blob = store.content().newInputStream(d.digest())) {
                    unpacked = store.layers().unpack(chainIds.get(i), Descriptor.of(mediaType, d.digest(), d.size()),
                            d.diffId(), blob);
                } catch (IOException e) {
                    throw BerthException.io("load layer " + d.digest(), e);
                }
            }
            layers.add(new ImageLayer(chainIds.get(i), mediaType, d, unpacked.size()));
            size += unpacked.size();
        }
        ImageRecord record = new ImageRecord(image.config(), image.configSize(), config.platform(),
                created(config), size, Optional.empty(), layers);
        store.register(record);
        return record;
    }

    /** The config's {@code created} (RFC 3339), or the epoch when it has none or an unreadable one. */
    public static Instant created(ImageConfig config) {
        try {
            return config.created().map(s -> java.time.OffsetDateTime.parse(s).toInstant()).orElse(Instant.EPOCH);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
