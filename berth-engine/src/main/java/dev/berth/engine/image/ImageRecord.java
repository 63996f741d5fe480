package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Platform;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image the daemon holds, as its metadata database records it. The ID is the digest of its config, as in docker;
 * images have no parents (a pulled or loaded image's layers stand alone, shared with other images by chain ID).
 *
 * @param created the config's {@code created}, or the epoch when it has none
 * @param size the uncompressed size of all its layers, as docker reports {@code Size}
 * @param manifest the manifest it was pulled or loaded with, when known: what a push can send unchanged
 * @param layers its layers, base first
 */
public record ImageRecord(Digest id, long configSize, Platform platform, Instant created, long size,
        Optional<Digest> manifest, List<ImageLayer> layers) {
    public ImageRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(created, "created");
        Objects.requireNonNull(manifest, "manifest");
        layers = List.copyOf(layers);
    }

    /** The chain ID of the top layer: the image's root filesystem; empty for an image without layers. */
    public Optional<Digest> topChainId() {
        return layers.isEmpty() ? Optional.empty() : Optional.of(layers.getLast().chainId());
    }
}
