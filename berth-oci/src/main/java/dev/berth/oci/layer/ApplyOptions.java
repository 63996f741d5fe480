package dev.berth.oci.layer;

import dev.berth.oci.digest.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link LayerApplier} applies a layer: the whiteout mode, whether ownership is applied, a bound on the number of
 * tar entries, and the digest and diff_id the blob must have (OCI image spec, descriptor {@code digest} and config
 * {@code rootfs.diff_ids}).
 *
 * @param ignoreOwnership leave files owned by the applying user, as a rootless daemon must; device nodes it may not
 *     create are then skipped, as containerd does in a user namespace
 * @param maxEntries the most tar entries (whiteouts included) a layer may hold before it is refused
 */
public record ApplyOptions(
        WhiteoutMode whiteoutMode,
        boolean ignoreOwnership,
        long maxEntries,
        Optional<Digest> expectedDigest,
        Optional<Digest> expectedDiffId) {

    /** Far above any real layer (the largest seen hold a few hundred thousand files), far below a DoS. */
    public static final long DEFAULT_MAX_ENTRIES = 5_000_000;

    public ApplyOptions {
        Objects.requireNonNull(whiteoutMode, "whiteoutMode");
        Objects.requireNonNull(expectedDigest, "expectedDigest");
        Objects.requireNonNull(expectedDiffId, "expectedDiffId");
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
    }

    /** Whiteouts deleted, ownership applied, {@link #DEFAULT_MAX_ENTRIES}, no digest expected. */
    public static ApplyOptions defaults() {
        return new ApplyOptions(WhiteoutMode.DELETE, false, DEFAULT_MAX_ENTRIES, Optional.empty(), Optional.empty());
    }

    public ApplyOptions withWhiteoutMode(WhiteoutMode mode) {
        return new ApplyOptions(mode, ignoreOwnership, maxEntries, expectedDigest, expectedDiffId);
    }

    public ApplyOptions withIgnoreOwnership(boolean ignore) {
        return new ApplyOptions(whiteoutMode, ignore, maxEntries, expectedDigest, expectedDiffId);
    }

    public ApplyOptions withMaxEntries(long max) {
        return new ApplyOptions(whiteoutMode, ignoreOwnership, max, expectedDigest, expectedDiffId);
    }

    /** The blob must have this digest (of the bytes as read, compressed); a mismatch is DATA_CORRUPTED. */
    public ApplyOptions withExpectedDigest(Digest digest) {
        return new ApplyOptions(whiteoutMode, ignoreOwnership, maxEntries, Optional.of(digest), expectedDiffId);
    }

    /** The uncompressed tar must have this diff_id; a mismatch is DATA_CORRUPTED. */
    public ApplyOptions withExpectedDiffId(Digest diffId) {
        return new ApplyOptions(whiteoutMode, ignoreOwnership, maxEntries, expectedDigest, Optional.of(diffId));
    }
}
