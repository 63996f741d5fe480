package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import java.io.InputStream;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Read access to committed blobs by digest (containerd's {@code content.Provider} and {@code InfoProvider}). Only
 * fully committed, verified blobs are ever visible; a missing blob is {@link dev.berth.oci.error.ErrorKind#NOT_FOUND}
 * with the message {@code content sha256:…: not found}.
 */
public interface BlobReader {
    /** The blob's size and commit time, or empty when the store does not hold it. */
    Optional<BlobInfo> info(Digest digest);

    /** A channel over the blob for range reads ({@code position} then {@code read}); the caller closes it. */
    SeekableByteChannel open(Digest digest);

    /** A stream of the whole blob; the caller closes it. */
    InputStream newInputStream(Digest digest);

    /** The blob's file, for zero-copy transfers ({@code sendfile}) by servers; it must be treated as read-only. */
    Path path(Digest digest);

    default boolean contains(Digest digest) {
        return info(digest).isPresent();
    }
}
