package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import java.time.Instant;
import java.util.Objects;

/** What the store knows of a committed blob (after containerd's {@code content.Info}): its digest, size and commit time. */
public record BlobInfo(Digest digest, long size, Instant created) {
    public BlobInfo {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(created, "created");
        if (size < 0) {
            throw new IllegalArgumentException("negative blob size " + size + " for " + digest);
        }
    }
}
