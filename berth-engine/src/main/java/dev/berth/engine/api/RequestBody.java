package dev.berth.engine.api;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request body as a blocking stream for the virtual thread that handles the request, fed by the event loop.
 * Backpressure: when {@link #HIGH_WATER} chunks wait unread, the channel stops reading from the socket until the
 * handler has caught up, so an upload of any size holds a bounded amount of memory.
 */
final class RequestBody extends InputStream {
    static final int HIGH_WATER = 64;
    private static final int LOW_WATER = 16;
    private static final Object END = new Object();

    private final Channel channel;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private ByteBuf current;
    private boolean ended;

    RequestBody(Channel channel) {
        this.channel = channel;
    }

    /** Event loop: a chunk arrived; the stream owns {@code buf} from now on. */
    void offer(ByteBuf buf) {
        queue.add(buf);
        if (queued.incrementAndGet() >= HIGH_WATER) {
            channel.config().setAutoRead(false);
        }
    }

    /** Event loop: the body is complete. */
    void end() {
        queue.add(END);
    }

    /** Event loop: the connection failed before the body was complete. */
    void fail(Throwable cause) {
        queue.add(cause);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (current == null || !current.isReadable()) {
            if (ended) {
                return -1;
            }
            release();
            Object next = take();
            if (next == END) {
                ended = true;
                return -1;
            }
            if (next instanceof Throwable t) {
                ended = true;
                throw new IOException("request body: connection lost", t);
            }
            current = (ByteBuf) next;
            if (queued.decrementAndGet() == LOW_WATER) {
                // Decided on the event loop, after the offer under way if any: the offer that fills the queue may
                // still be between its count and its pause while this drains past the mark, and reading stayed
                // paused, the body unread, when this thread looked at the flag itself.
                channel.eventLoop().execute(this::resumeIfDrained);
            }
        }
        int n = Math.min(len, current.readableBytes());
        current.readBytes(b, off, n);
        return n;
    }

    /** Event loop: reading goes on again if it was paused and the handler has caught up. */
    private void resumeIfDrained() {
        if (!channel.config().isAutoRead() && queued.get() <= LOW_WATER) {
            channel.config().setAutoRead(true);
            channel.read();
        }
    }

    private Object take() throws IOException {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("request body: interrupted", e);
        }
    }

    /** Reads and drops what the handler left unread, so that the connection can serve its next request. */
    void drain() throws IOException {
        byte[] skip = new byte[64 * 1024];
        while (read(skip, 0, skip.length) >= 0) {
            // discard
        }
        release();
    }

    private void release() {
        if (current != null) {
            current.release();
            current = null;
        }
    }

    @Override
    public void close() {
        // The handler may close its stream early; drain() still consumes the rest.
    }
}
