package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.layer.LayerDigests;
import java.util.List;
import java.util.Objects;

/**
 * One layer of an image: the blob it came as (compressed or not, {@code mediaType}), its diff_id and uncompressed
 * size, the chain ID that names its unpacked directory (OCI image spec, config.md "Layer ChainID"), and {@code size},
 * the bytes of the files it unpacks to, which is what docker reports as a layer's size.
 */
public record ImageLayer(Digest chainId, String mediaType, LayerDigests digests, long size) {
    public ImageLayer {
        Objects.requireNonNull(chainId, "chainId");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digests, "digests");
    }

    /** {@code ChainID(L0) = DiffID(L0)}, {@code ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))}. */
    public static List<Digest> chainIds(List<Digest> diffIds) {
        Digest[] chain = new Digest[diffIds.size()];
        for (int i = 0; i < chain.length; i++) {
            chain[i] = i == 0 ? diffIds.get(0) : Digest.sha256(chain[i - 1] + " " + diffIds.get(i));
        }
        return List.of(chain);
    }
}
