package dev.berth.oci.layer;

import dev.berth.oci.digest.Digest;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How {@link LayerApplier} applies a layer: the whiteout mode, whether ownership is applied, a bound on the number of
 * tar entries, and the digest, size and diff_id the blob must have (OCI image spec, descriptor {@code digest} and
 * {@code size}, config {@code rootfs.diff_ids}).
 *
 * @param ignoreOwnership leave files owned by the applying user, as a rootless daemon must; device nodes it may not
 *     create are then skipped, as containerd does in a user namespace
 * @param maxEntries the most tar entries (whiteouts included) a layer may hold before it is refused
 * @param blobVerifiedByCaller the caller digests the blob's bytes itself and refuses a mismatch before anything is
 *     published (a content store's writer, at its commit): the applier only counts them, and reports the expected
 *     digest, instead of digesting every byte a second time; an uncompressed blob, whose digest is its diff_id, is
 *     digested all the same
 */
public record ApplyOptions(
        WhiteoutMode whiteoutMode,
        boolean ignoreOwnership,
        long maxEntries,
        Optional<Digest> expectedDigest,
        Optional<Digest> expectedDiffId,
        OptionalLong expectedSize,
        boolean blobVerifiedByCaller) {

    /** Far above any real layer (the largest seen hold a few hundred thousand files), far below a DoS. */
    public static final long DEFAULT_MAX_ENTRIES = 5_000_000;

    public ApplyOptions {
        Objects.requireNonNull(whiteoutMode, "whiteoutMode");
        Objects.requireNonNull(expectedDigest, "expectedDigest");
        Objects.requireNonNull(expectedDiffId, "expectedDiffId");
        Objects.requireNonNull(expectedSize, "expectedSize");
        if (expectedSize.isPresent() && expectedSize.getAsLong() < 0) {
            throw new IllegalArgumentException("expectedSize must not be negative, got " + expectedSize.getAsLong());
        }
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive, got " + maxEntries);
        }
    }

    /** Whiteouts deleted, ownership applied, {@link #DEFAULT_MAX_ENTRIES}, no digest expected. */
    public static ApplyOptions defaults() {
        return new ApplyOptions(WhiteoutMode.DELETE, false, DEFAULT_MAX_ENTRIES, Optional.empty(), Optional.empty(),
                OptionalLong.empty(), false);
    }

    public ApplyOptions withWhiteoutMode(WhiteoutMode mode) {
        return new ApplyOptions(mode, ignoreOwnership, maxEntries, expectedDigest, expectedDiffId, expectedSize,
                blobVerifiedByCaller);
    }

    public ApplyOptions withIgnoreOwnership(boolean ignore) {
        return new ApplyOptions(whiteoutMode, ignore, maxEntries, expectedDigest, expectedDiffId, expectedSize,
                blobVerifiedByCaller);
    }

    public ApplyOptions withMaxEntries(long max) {
        return new ApplyOptions(whiteoutMode, ignoreOwnership, max, expectedDigest, expectedDiffId, expectedSize,
                blobVerifiedByCaller);
    }

    /** The blob must have this digest (of the bytes as read, compressed); a mismatch is DATA_CORRUPTED. */
    public ApplyOptions withExpectedDigest(Digest digest) {
        return new ApplyOptions(whiteoutMode, ignoreOwnership, maxEntries, Optional.of(digest), expectedDiffId,
                expectedSize, blobVerifiedByCaller);
    }

    /** The uncompressed tar must have this diff_id; a mismatch is DATA_CORRUPTED. */
    public ApplyOptions withExpectedDiffId(Digest diffId) {
        return new ApplyOptions(whiteoutMode, ignoreOwnership, maxEntries, expectedDigest, Optional.of(diffId),
                expectedSize, blobVerifiedByCaller);
    }

    /** The blob must be this many bytes (as read, compressed); another size is DATA_CORRUPTED. */
    public ApplyOptions withExpectedSize(long size) {
        return new ApplyOptions(whiteoutMode, ignoreOwnership, maxEntries, expectedDigest, expectedDiffId,
                OptionalLong.of(size), blobVerifiedByCaller);
    }

    /** See {@code blobVerifiedByCaller}: the expected digest must be given as well. */
    public ApplyOptions withBlobVerifiedByCaller() {
        return new ApplyOptions(whiteoutMode, ignoreOwnership, maxEntries, expectedDigest, expectedDiffId,
                expectedSize, true);
    }
}
