package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.layer.LayerDigests;
import java.util.List;
import java.util.Objects;

/**
 * One layer of an image: the blob it came as (compressed or not, {@code mediaType}), its diff_id and uncompressed
 * size, and the chain ID that names its unpacked directory (OCI image spec, config.md "Layer ChainID").
 */
public record ImageLayer(Digest chainId, String mediaType, LayerDigests digests) {
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
