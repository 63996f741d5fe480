package dev.berth.oci.layer;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link LayerWriter} records owners and modification times. {@link #preserve()} keeps the numeric owners and
 * nanosecond mtimes of the files (what {@code docker commit} needs); {@link #reproducible()} writes owner 0:0 and one
 * fixed mtime for every entry, as Jib does, so the same tree always gives the same digests wherever it was checked
 * out. Both drop atime and ctime and write no user or group names.
 */
public record LayerWriteOptions(boolean zeroOwners, Optional<Instant> fixedMtime) {
    /** One second after the epoch, Jib's default: some tools treat an mtime of 0 as "unset". */
    public static final Instant DEFAULT_REPRODUCIBLE_MTIME = Instant.ofEpochSecond(1);

    public LayerWriteOptions {
        Objects.requireNonNull(fixedMtime, "fixedMtime");
    }

    public static LayerWriteOptions preserve() {
        return new LayerWriteOptions(false, Optional.empty());
    }

    public static LayerWriteOptions reproducible() {
        return reproducible(DEFAULT_REPRODUCIBLE_MTIME);
    }

    /** Owners 0:0 and {@code mtime} on every entry, e.g. {@code SOURCE_DATE_EPOCH}. */
    public static LayerWriteOptions reproducible(Instant mtime) {
        return new LayerWriteOptions(true, Optional.of(mtime));
    }
}
