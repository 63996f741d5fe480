package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import java.util.Objects;

/**
 * A complete layer directory of the {@link LayerStore}: its chain ID, the diff_id and byte count of the uncompressed
 * tar it was unpacked from (the same for every blob of that diff), and {@code size}, the bytes of its files, which
 * docker reports as a layer's size.
 */
public record UnpackedLayer(Digest chainId, Digest diffId, long diffSize, long size) {
    public UnpackedLayer {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(diffId, "diffId");
        if (diffSize < 0 || size < 0) {
            throw new IllegalArgumentException("negative layer size");
        }
    }
}
