package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * A complete content store (containerd's {@code content.Store}): blobs are written through an {@link Ingester},
 * managed while in progress by the {@link IngestManager}, then read through the {@link BlobReader} and removed through
 * the {@link BlobManager}. An ingest is never visible as a blob; a committed blob is no longer an ingest.
 */
public interface ContentStore extends BlobReader, Ingester, IngestManager, BlobManager {
    /**
     * Stores {@code size} bytes of {@code in} that must digest to {@code expected}, and returns {@code expected}. A blob
     * the store already holds is not read again. Any failure leaves nothing behind: a one-shot put is not resumable
     * (use {@link #writer} with a ref of your own for that).
     */
    default Digest put(InputStream in, Digest expected, long size) {
        Optional<BlobInfo> existing = info(expected);
        if (existing.isPresent()) {
            if (existing.get().size() != size) {
                throw BerthException.corrupted("put " + expected + ": size mismatch: expected " + size
                        + " bytes, stored blob has " + existing.get().size());
            }
            return expected;
        }
        String ref = "put-" + UUID.randomUUID();
        try (BlobWriter writer = writer(ref, Optional.of(expected), OptionalLong.of(size))) {
            writer.transferFrom(in);
            writer.commit(expected, size);
        } catch (RuntimeException e) {
            discardQuietly(ref, e);
            throw BerthException.wrap("put " + expected, e);
        }
        return expected;
    }

    /** Stores {@code bytes} under their sha256 digest and returns it. */
    default Digest put(byte[] bytes) {
        Digest digest = Digest.sha256(bytes);
        return put(new ByteArrayInputStream(bytes), digest, bytes.length);
    }

    private void discardQuietly(String ref, RuntimeException failure) {
        try {
            abort(ref);
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                failure.addSuppressed(e);
            }
        }
    }
}
