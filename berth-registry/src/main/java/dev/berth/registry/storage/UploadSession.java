package dev.berth.registry.storage;

import dev.berth.oci.content.BlobWriter;
import dev.berth.registry.api.RepositoryName;
import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One blob upload of a repository (OCI distribution spec, "Pushing blobs"), borrowed from {@link UploadStore} for the
 * length of one request: bytes are appended through {@link #write}, which digests them as they go. Not thread-safe;
 * the store lends a session to one request at a time.
 */
public final class UploadSession {
    private final RepositoryName name;
    private final UUID id;
    private final BlobWriter writer;
    /** Enough that syncs are few, small enough that commit's own sync finds little left. */
    static final long SYNC_EVERY = 32L << 20;
    private static final java.util.concurrent.Executor SYNCS = java.util.concurrent.Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("upload-sync-", 0).factory());

    private long lastUsedNanos = System.nanoTime();
    private long syncedUpTo;
    private CompletableFuture<Void> syncing;

    UploadSession(RepositoryName name, UUID id, BlobWriter writer) {
        this.name = Objects.requireNonNull(name, "name");
        this.id = Objects.requireNonNull(id, "id");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    public RepositoryName name() {
        return name;
    }

    public UUID id() {
        return id;
    }

    /** Bytes received so far. */
    public long offset() {
        return writer.offset();
    }

    /** Appends {@code bytes}; every {@link #SYNC_EVERY} bytes, a background sync overlaps the disk with the network. */
    public void write(ByteBuffer bytes) {
        writer.write(bytes);
        if (writer.offset() - syncedUpTo >= SYNC_EVERY && (syncing == null || syncing.isDone())) {
            syncedUpTo = writer.offset();
            syncing = CompletableFuture.runAsync(writer::syncWritten, SYNCS);
        }
    }

    BlobWriter writer() {
        return writer;
    }

    boolean isOpen() {
        return writer.isOpen();
    }

    void touch() {
        lastUsedNanos = System.nanoTime();
    }

    long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }
}
