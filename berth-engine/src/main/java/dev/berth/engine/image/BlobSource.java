package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import java.util.Objects;

/**
 * Where a layer's blob is known to be (dockerd's distribution "v2 metadata"): blob {@code blob} of the layer with
 * diff_id {@code diffId} was pulled from or pushed to repository {@code repository} of registry {@code registry}. A
 * push looks here for a repository of its registry to mount the blob from instead of uploading it.
 */
public record BlobSource(Digest diffId, Descriptor blob, String registry, String repository) {
    public BlobSource {
        Objects.requireNonNull(diffId, "diffId");
        Objects.requireNonNull(blob, "blob");
        if (registry.isEmpty() || repository.isEmpty()) {
            throw new IllegalArgumentException("blob source needs a registry and a repository");
        }
    }
}
