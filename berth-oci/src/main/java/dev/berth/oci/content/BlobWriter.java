package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.WritableByteChannel;

/**
 * One write transaction of a blob (containerd's {@code content.Writer}). Not thread-safe.
 *
 * <p>Lifecycle: {@link Ingester#writer} opens it at {@link #offset()} (zero, or where a previous writer of the same
 * ref stopped). Bytes are appended by {@link #write}/{@link #transferFrom} and digested as they arrive. Then exactly
 * one of:
 * <ul>
 *   <li>{@link #commit} — verifies size and digest and makes the blob visible atomically; the ingest is gone. A blob
 *       that already exists makes the commit a no-op success.</li>
 *   <li>{@link #close()} — keeps the partial ingest; a new writer for the same ref resumes at its offset.</li>
 *   <li>{@link #abort()} — discards the ingest.</li>
 * </ul>
 * Failures are {@link dev.berth.oci.error.ErrorKind#DATA_CORRUPTED}: bytes that can never become the promised blob
 * (digest mismatch, more bytes than promised) discard the ingest; too few bytes keep it for resumption. Whatever
 * happens, the writer is closed afterwards and nothing partial or corrupt is visible as a blob.
 */
public interface BlobWriter extends WritableByteChannel {
    String ref();

    /** Bytes stored so far, including those of resumed writers. */
    long offset();

    /**
     * The {@link #offset()} bytes stored when this is called, from the start: a resumed ingest replayed to a consumer
     * that needs the whole blob (a layer applier). The caller closes the stream; bytes written later are not in it.
     */
    InputStream storedBytes();

    /** Appends all remaining bytes of {@code src}. */
    @Override
    int write(ByteBuffer src);

    default void write(byte[] bytes, int off, int len) {
        write(ByteBuffer.wrap(bytes, off, len));
    }

    default void write(byte[] bytes) {
        write(bytes, 0, bytes.length);
    }

    /**
     * Appends {@code in} until its end and returns the bytes copied. If the stream fails, what was stored before
     * stays, the writer stays usable and the failure is {@link dev.berth.oci.error.ErrorKind#DATA_CORRUPTED}.
     */
    long transferFrom(InputStream in);

    /** Commits exactly {@code size} bytes with digest {@code expected} (and the promises given at opening). */
    BlobInfo commit(Digest expected, long size);

    /** Commits what was written under its computed digest, checked against the promises given at opening. */
    BlobInfo commit();

    /**
     * Starts making the bytes written so far durable, so that the sync of {@link #commit} has little left to do. The
     * one method another thread may call while writes go on (servers overlap it with receiving); it does nothing once
     * the writer has ended. Stores without a sync of their own keep the default, which does nothing.
     */
    default void syncWritten() {
    }

    /** Discards the ingest and closes the writer. */
    void abort();

    /** Releases the writer and keeps the partial ingest for resumption; a no-op after commit or abort. */
    @Override
    void close();
}
