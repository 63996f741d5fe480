package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The state of an ingest that has not been committed (after containerd's {@code content.Status}): {@code offset} bytes
 * are stored and a resumed writer continues there; {@code total} and {@code expected} are what the writer was promised.
 */
public record IngestStatus(
        String ref, long offset, OptionalLong total, Optional<Digest> expected, Instant startedAt, Instant updatedAt) {
    public IngestStatus {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset + " for ingest " + ref);
        }
    }
}
