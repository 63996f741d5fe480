package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.Digester;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The {@link BlobWriter} of {@link LocalContentStore}: appends to {@code ingest/<hash>/data} and digests each chunk as
 * it is written; commit is fsync → verify → chmod 0444 → rename into {@code blobs/} → fsync the directory.
 */
final class LocalBlobWriter implements BlobWriter {
    static final int BUFFER_SIZE = 1 << 20;

    private enum State { OPEN, CLOSED, FINISHED }

    private final StoreLayout layout;
    private final IngestDir ingest;
    private final IngestLock lock;
    private final IngestMeta meta;
    private final Consumer<String> abortByRef;
    private final Digester digester;
    private final FileChannel data;
    /**
     * Held by each sync of the data: the commit's waits for a {@link #syncWritten} running on another thread, and
     * then sees its failure. Linux reports a write-back error once per open file, to whichever sync asks first, so
     * the commit's own sync may succeed after a background one has failed.
     */
    private final ReentrantLock syncing = new ReentrantLock();
    private volatile IOException syncFailure;
    private long offset;
    private State state = State.OPEN;

    private LocalBlobWriter(StoreLayout layout, IngestDir ingest, IngestLock lock, IngestMeta meta,
            Consumer<String> abortByRef, FileChannel data, Digester digester, long offset) {
        this.layout = layout;
        this.ingest = ingest;
        this.lock = lock;
        this.meta = meta;
        this.abortByRef = abortByRef;
        this.data = data;
        this.digester = digester;
        this.offset = offset;
    }

    /** Resumes the ingest under {@code lock} if its stored state is usable, else starts it afresh. */
    static LocalBlobWriter open(StoreLayout layout, IngestDir ingest, IngestLock lock, String ref,
            Optional<Digest> expected, OptionalLong expectedSize, Consumer<String> abortByRef) throws IOException {
        Optional<IngestMeta> stored = ingest.status()
                .map(s -> new IngestMeta(s.ref(), s.total(), s.expected(), s.startedAt()));
        IngestMeta meta;
        if (stored.isPresent()) {
            meta = stored.get().resumedWith(expected, expectedSize);
            if (!meta.equals(stored.get())) {
                ingest.writeMeta(meta);
            }
        } else {
            ingest.clear();
            meta = new IngestMeta(ref, expectedSize, expected, Instant.now());
            ingest.writeMeta(meta);
        }
        FileChannel data = FileChannel.open(ingest.data(), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.READ);
        try {
            Digester digester = new Digester(meta.algorithm());
            long size = data.size();
            redigest(data, size, digester);
            data.position(size);
            return new LocalBlobWriter(layout, ingest, lock, meta, abortByRef, data, digester, size);
        } catch (IOException | RuntimeException e) {
            data.close();
            throw e;
        }
    }

    /** The one read of a resumed ingest: the stored bytes are digested again, since a digest state cannot be saved. */
    private static void redigest(FileChannel data, long size, Digester digester) throws IOException {
        if (size == 0) {
            return; // a new ingest: no buffer to allocate (and zero) for nothing
        }
        ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(BUFFER_SIZE, size));
        long position = 0;
        while (position < size) {
            buffer.clear().limit((int) Math.min(buffer.capacity(), size - position));
            int n = data.read(buffer, position);
            if (n < 0) {
                break;
            }
            buffer.flip();
            digester.update(buffer);
            position += n;
        }
    }

    @Override
    public String ref() {
        return meta.ref();
    }

    @Override
    public long offset() {
        return offset;
    }

    @Override
    public InputStream storedBytes() {
        ensureOpen();
        try {
            return new BoundedInputStream(Files.newInputStream(ingest.data()), offset);
        } catch (IOException e) {
            throw BerthException.io("ingest " + ref() + ": read stored bytes", e);
        }
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    @Override
    public int write(ByteBuffer src) {
        ensureOpen();
        int n = src.remaining();
        if (meta.total().isPresent() && offset + n > meta.total().getAsLong()) {
            discard();
            throw BerthException.corrupted("ingest " + ref() + ": more than the expected " + meta.total().getAsLong()
                    + " bytes (" + (offset + n) + " received)");
        }
        ByteBuffer written = src.slice();
        try {
            while (src.hasRemaining()) {
                data.write(src);
            }
        } catch (IOException e) {
            // The file may hold bytes the digester has not seen: a resumed writer digests the file again.
            release();
            throw BerthException.io("ingest " + ref() + ": write at offset " + offset, e);
        }
        digester.update(written);
        offset += n;
        return n;
    }

    @Override
    public long transferFrom(InputStream in) {
        ensureOpen();
        // A small blob of known size (a manifest, a config) gets a buffer of its size, not a megabyte.
        long expected = meta.total().orElse(BUFFER_SIZE) - offset;
        byte[] buffer = new byte[(int) Math.clamp(expected + 1, 8192, BUFFER_SIZE)];
        long copied = 0;
        while (true) {
            int n;
            try {
                n = in.readNBytes(buffer, 0, buffer.length);
            } catch (IOException e) {
                throw new BerthException(ErrorKind.DATA_CORRUPTED, "ingest " + ref() + ": source failed after "
                        + copied + " bytes, " + offset + " stored: " + e.getMessage(), e);
            }
            if (n > 0) {
                write(ByteBuffer.wrap(buffer, 0, n));
                copied += n;
            }
            if (n < buffer.length) {
                return copied;
            }
        }
    }

    @Override
    public BlobInfo commit(Digest expected, long size) {
        ensureOpen();
        checkSize(size);
        List<Digest> expectations = new ArrayList<>(List.of(expected));
        meta.expected().ifPresent(expectations::add);
        return commitVerified(expectations);
    }

    @Override
    public BlobInfo commit() {
        ensureOpen();
        return commitVerified(meta.expected().stream().toList());
    }

    private void checkSize(long size) {
        if (offset > size) {
            discard();
            throw BerthException.corrupted("ingest " + ref() + ": size mismatch: expected " + size + " bytes, "
                    + offset + " received");
        }
        if (offset < size) {
            close();
            throw BerthException.corrupted("ingest " + ref() + ": incomplete: " + offset + " of " + size
                    + " bytes received");
        }
    }

    private BlobInfo commitVerified(List<Digest> expectations) {
        if (meta.total().isPresent()) {
            checkSize(meta.total().getAsLong());
        }
        syncing.lock();
        try {
            data.force(true);
            if (syncFailure != null) {
                throw syncFailure;
            }
            data.close();
        } catch (IOException e) {
            release();
            throw BerthException.io("ingest " + ref() + ": sync data", e);
        } finally {
            syncing.unlock();
        }
        for (Digest e : expectations) {
            if (e.algorithm() != digester.algorithm()) {
                release();
                throw BerthException.invalid("ingest " + ref() + ": digested with " + digester.algorithm()
                        + ", cannot verify " + e + "; reopen the writer with that expected digest");
            }
        }
        Digest actual = digester.digest();
        for (Digest e : expectations) {
            if (!e.equals(actual)) {
                discard();
                throw BerthException.corrupted("ingest " + ref() + ": digest mismatch: expected " + e + ", actual "
                        + actual + " over " + offset + " bytes");
            }
        }
        try {
            return publish(actual);
        } catch (IOException e) {
            release();
            throw BerthException.io("ingest " + ref() + ": commit " + actual, e);
        }
    }

    private BlobInfo publish(Digest digest) throws IOException {
        Path target = layout.blob(digest);
        Optional<BlobInfo> existing = existing(target, digest);
        if (existing.isEmpty()) {
            FileTime now = FileTime.from(Instant.now());
            Files.setLastModifiedTime(ingest.data(), now);
            makeReadOnly(ingest.data());
            DurableFiles.createDirectories(target.getParent());
            // rename(2) replaces a blob a concurrent writer published meanwhile: same bytes, so readers never notice.
            Files.move(ingest.data(), target, StandardCopyOption.ATOMIC_MOVE);
            DurableFiles.syncDirectory(target.getParent());
            existing = Optional.of(new BlobInfo(digest, offset, now.toInstant()));
        }
        finish();
        return existing.get();
    }

    private static Optional<BlobInfo> existing(Path target, Digest digest) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(target, BasicFileAttributes.class);
            return a.isRegularFile()
                    ? Optional.of(new BlobInfo(digest, a.size(), a.lastModifiedTime().toInstant()))
                    : Optional.empty();
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        }
    }

    private static void makeReadOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // The blob is immutable by contract anyway; the mode is only a guard.
        }
    }

    @Override
    public void syncWritten() {
        syncing.lock();
        try {
            data.force(false);
        } catch (java.nio.channels.ClosedChannelException ended) {
            // committed, closed or aborted meanwhile: the writer's own end took care of the data
        } catch (IOException e) {
            syncFailure = e;
            throw BerthException.io("ingest " + ref() + ": sync data", e);
        } finally {
            syncing.unlock();
        }
    }

    @Override
    public void abort() {
        switch (state) {
            case OPEN -> discard();
            case CLOSED -> abortByRef.accept(ref());
            case FINISHED -> { }
        }
    }

    @Override
    public void close() {
        if (state != State.OPEN) {
            return;
        }
        try {
            data.force(false);
        } catch (IOException e) {
            release();
            throw BerthException.io("ingest " + ref() + ": sync data", e);
        }
        release();
    }

    /** Removes the ingest and ends the writer. */
    private void discard() {
        try {
            data.close();
        } catch (IOException ignored) {
            // the data is being deleted
        }
        finish();
    }

    private void finish() {
        try {
            ingest.remove();
        } catch (IOException e) {
            // Failing here must not hide the outcome (a commit, a mismatch): the leftovers are debris for
            // IngestManager.abortOlderThan, never visible as a blob.
        } finally {
            state = State.FINISHED;
            lock.close();
        }
    }

    /** Ends the writer and keeps the ingest for a later writer. */
    private void release() {
        try {
            data.close();
        } catch (IOException ignored) {
            // what was written stays in the file; a resumed writer reads the file, not this channel
        } finally {
            state = State.CLOSED;
            lock.close();
        }
    }

    /** The first {@code limit} bytes of a file that may grow while it is read. */
    private static final class BoundedInputStream extends java.io.FilterInputStream {
        private long remaining;

        BoundedInputStream(InputStream in, long limit) {
            super(in);
            this.remaining = limit;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            }
            return n;
        }
    }

    private void ensureOpen() {
        if (state != State.OPEN) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, "ingest " + ref() + ": writer is "
                    + (state == State.CLOSED ? "closed" : "finished"));
        }
    }
}
