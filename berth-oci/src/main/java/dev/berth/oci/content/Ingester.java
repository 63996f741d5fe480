package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import java.util.Optional;
import java.util.OptionalLong;

/** Starts or resumes writes of new blobs (containerd's {@code content.Ingester}); see {@link BlobWriter} for the lifecycle. */
public interface Ingester {
    /**
     * Opens the writer of the ingest named {@code ref}, creating it or resuming it at its stored offset. Only one writer
     * may hold a ref at a time, across threads and processes: a second one gets {@link
     * dev.berth.oci.error.ErrorKind#CONFLICT} ({@code ref … locked}) until the first commits, closes or aborts.
     *
     * <p>{@code expected} and {@code expectedSize} are promises checked while bytes arrive and at commit; the expected
     * digest also picks the algorithm (sha256 otherwise). Resuming with promises that contradict the stored ones is
     * {@link dev.berth.oci.error.ErrorKind#FAILED_PRECONDITION}.
     */
    BlobWriter writer(String ref, Optional<Digest> expected, OptionalLong expectedSize);
}
