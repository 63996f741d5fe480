package dev.berth.oci.layer;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads {@code source} on a virtual thread of its own, up to {@link #CHUNKS} chunks ahead of the reader, so that
 * producing the bytes (network, digests, decompression) and consuming them (tar extraction, file writes) run on two
 * cores at once. What the producer read before the reader sees a byte of it happens-before that read (the queue's
 * guarantee); its failure is rethrown to the reader at the point it happened. {@link #close()} stops the producer:
 * it waits for it a moment, but not for a read blocked on the network, which ends when the owner closes the source.
 */
final class ReadAhead extends InputStream {
    static final int CHUNK = 256 * 1024;
    static final int CHUNKS = 8;
    private static final java.time.Duration STOP_WAIT = java.time.Duration.ofMillis(200);

    /** One step of the stream: bytes, its end, or the failure that ended it. */
    private sealed interface Item {
        record Bytes(byte[] data, int length) implements Item {}

        record End() implements Item {}

        /** An IOException, RuntimeException or Error, rethrown to the reader as it is. */
        record Failed(Throwable error) implements Item {}
    }

    private final BlockingQueue<Item> queue = new ArrayBlockingQueue<>(CHUNKS);
    /** Chunks the reader is done with, refilled by the producer: a layer's bytes are not allocated (and zeroed) anew. */
    private final BlockingQueue<byte[]> spare = new ArrayBlockingQueue<>(CHUNKS + 2);
    private final Thread producer;
    private volatile boolean closed;
    private Item.Bytes current;
    private int position;
    private boolean ended;

    ReadAhead(InputStream source) {
        this.producer = Thread.ofVirtual().name("layer-read-ahead").start(() -> produce(source));
    }

    private void produce(InputStream source) {
        while (!closed) {
            byte[] chunk = spare.poll();
            if (chunk == null) {
                chunk = new byte[CHUNK];
            }
            int n = 0;
            try {
                int r = 0;
                while (n < CHUNK && (r = source.read(chunk, n, CHUNK - n)) >= 0) {
                    n += r;
                }
                if (n > 0) {
                    put(new Item.Bytes(chunk, n));
                }
                if (r < 0) {
                    put(new Item.End());
                    return;
                }
            } catch (IOException | RuntimeException | Error e) {
                // The bytes before the failure reach the reader first, as they would without read-ahead.
                if (n > 0) {
                    put(new Item.Bytes(chunk, n));
                }
                put(new Item.Failed(e));
                return;
            }
        }
    }

    private void put(Item item) {
        try {
            while (!closed && !queue.offer(item, 50, TimeUnit.MILLISECONDS)) {
                // the reader is busy; wait for room unless it closed the stream
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (!fill()) {
            return -1;
        }
        int n = Math.min(len, current.length() - position);
        System.arraycopy(current.data(), position, b, off, n);
        position += n;
        return n;
    }

    /** Makes {@link #current} hold unread bytes; false at the end. */
    private boolean fill() throws IOException {
        while (current == null || position == current.length()) {
            if (current != null) {
                spare.offer(current.data());
                current = null;
            }
            if (ended) {
                return false;
            }
            Item next;
            try {
                // Polled, not taken: a reader that is itself a producer of a later stage must not wait forever
                // once this stream is closed (its producer then stops without a last item).
                while ((next = queue.poll(50, TimeUnit.MILLISECONDS)) == null) {
                    if (closed) {
                        throw new IOException("layer read-ahead closed");
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("layer read interrupted");
            }
            switch (next) {
                case Item.Bytes bytes -> {
                    current = bytes;
                    position = 0;
                }
                case Item.End end -> ended = true;
                case Item.Failed failed -> {
                    ended = true;
                    switch (failed.error()) {
                        case IOException e -> throw e;
                        case RuntimeException e -> throw e;
                        case Error e -> throw e;
                        default -> throw new IOException(failed.error());
                    }
                }
            }
        }
        return true;
    }

    @Override
    public int available() {
        if (current != null && position < current.length()) {
            return current.length() - position;
        }
        // A codec reading this stream asks whether more follows its end (gzip's concatenated members).
        return queue.peek() instanceof Item.Bytes next ? next.length() : 0;
    }

    /** Stops the producer; the source itself is left open, as its owner closes it. */
    @Override
    public void close() throws IOException {
        closed = true;
        queue.clear();
        try {
            producer.join(STOP_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("stopping the layer read-ahead");
        }
        queue.clear();
        current = null;
    }
}
