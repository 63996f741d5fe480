package dev.berth.oci.content;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Inspects and cleans up ingests that were not committed (containerd's {@code content.IngestManager}). */
public interface IngestManager {
    /** The status of ingest {@code ref}, or empty when there is none. */
    Optional<IngestStatus> status(String ref);

    /** All ingests with a readable status, in no particular order. */
    List<IngestStatus> ingests();

    /**
     * Discards ingest {@code ref}: {@link dev.berth.oci.error.ErrorKind#NOT_FOUND} if there is none, {@link
     * dev.berth.oci.error.ErrorKind#CONFLICT} while a writer holds it.
     */
    void abort(String ref);

    /**
     * Discards every ingest not written to for at least {@code age}, including the debris of crashed writers whose
     * status cannot be read; ingests held by a writer are left alone. Returns how many were discarded.
     */
    int abortOlderThan(Duration age);
}
