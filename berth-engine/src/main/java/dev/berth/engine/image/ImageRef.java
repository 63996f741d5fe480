package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Reference;
import java.time.Instant;
import java.util.Objects;

/**
 * A name of an image: a tag ({@code docker.io/library/busybox:latest}) or a digest reference
 * ({@code docker.io/library/busybox@sha256:…}, docker's {@code RepoDigests}), never both.
 */
public record ImageRef(Reference reference, Digest imageId, Instant taggedAt) {
    public ImageRef {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(imageId, "imageId");
        Objects.requireNonNull(taggedAt, "taggedAt");
        if (reference.tag().isPresent() == reference.digest().isPresent()) {
            throw new IllegalArgumentException("an image reference has a tag or a digest: " + reference);
        }
    }

    public boolean isTag() {
        return reference.tag().isPresent();
    }
}
