package dev.berth.oci.layer;

import dev.berth.oci.digest.Digest;
import java.util.Objects;

/**
 * The two identities of one layer, computed in one streaming pass: the digest and size of the blob as distributed
 * (compressed), and the diff_id and size of the uncompressed tar (OCI image spec, "Layer DiffID").
 */
public record LayerDigests(Digest digest, long size, Digest diffId, long diffSize) {
    public LayerDigests {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(diffId, "diffId");
        if (size < 0 || diffSize < 0) {
            throw new IllegalArgumentException("negative layer size");
        }
    }
}
