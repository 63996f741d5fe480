package dev.berth.registry.storage;

import dev.berth.oci.digest.Digest;
import java.nio.ByteBuffer;
import java.util.Objects;

/** A manifest as pushed: its digest, the media type it was pushed as, and its exact bytes. */
public record StoredManifest(Digest digest, String mediaType, byte[] bytes) {
    public StoredManifest {
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(bytes, "bytes");
    }

    /** The bytes without a copy, read-only; the record is shared by the cache, so nobody may change them. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    public long size() {
        return bytes.length;
    }
}
