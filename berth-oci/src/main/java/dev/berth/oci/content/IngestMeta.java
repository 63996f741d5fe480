package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** What an ingest was started for, persisted beside its data so that a resumed writer keeps the same promises. */
record IngestMeta(String ref, OptionalLong total, Optional<Digest> expected, Instant startedAt) {
    IngestMeta {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(startedAt, "startedAt");
    }

    DigestAlgorithm algorithm() {
        return expected.map(Digest::algorithm).orElse(DigestAlgorithm.SHA256);
    }

    /** The promises of a resumed writer added to the stored ones; contradicting them is refused. */
    IngestMeta resumedWith(Optional<Digest> newExpected, OptionalLong newTotal) {
        if (newExpected.isPresent() && expected.isPresent() && !newExpected.equals(expected)) {
            throw refused("resumed for " + newExpected.get() + ", but it was started for " + expected.get());
        }
        if (newTotal.isPresent() && total.isPresent() && newTotal.getAsLong() != total.getAsLong()) {
            throw refused("resumed for " + newTotal.getAsLong() + " bytes, but it was started for "
                    + total.getAsLong());
        }
        return new IngestMeta(ref, total.isPresent() ? total : newTotal,
                expected.isPresent() ? expected : newExpected, startedAt);
    }

    private BerthException refused(String detail) {
        return new BerthException(ErrorKind.FAILED_PRECONDITION,
                "ingest " + ref + ": " + detail + "; abort it to start over");
    }
}
