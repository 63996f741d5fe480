package dev.berth.registry.http;

import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The hand-over of one connection's decoded HTTP messages from its event loop to its worker thread, in order. Flow
 * control bounds memory whatever the client sends: above a high water mark of queued body bytes the channel stops
 * reading from the socket, and it resumes below a low one. The marks are wide ({@link #HIGH_WATER}, {@link #LOW_WATER})
 * so the event loop reads the next megabytes while the worker writes and digests the last ones, with few pauses; when
 * the connections together exceed their {@link InboundBudget}, they are narrow ({@link #TIGHT_HIGH_WATER},
 * {@link #TIGHT_LOW_WATER}).
 */
final class InboundQueue {
    static final long HIGH_WATER = 4L << 20;
    /** Resuming well before the worker runs dry keeps it busy while the event loop reads again. */
    static final long LOW_WATER = 2L << 20;
    static final long TIGHT_HIGH_WATER = 512L << 10;
    static final long TIGHT_LOW_WATER = 128L << 10;
    private static final Object CLOSED = new Object();

    private final Channel channel;
    private final InboundBudget budget;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean resumeScheduled =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;
    /** The worker is gone: what arrives now is released at once. */
    private volatile boolean drained;

    InboundQueue(Channel channel, InboundBudget budget) {
        this.channel = channel;
        this.budget = budget;
    }

    /** On the event loop: queues a message the worker will release. */
    void offer(HttpObject message) {
        if (closed || drained) {
            ReferenceCountUtil.release(message);
            return;
        }
        // Counted before it is queued, so that the worker's count-down never runs ahead of it.
        long queued = message instanceof HttpContent c ? account(c.content().readableBytes()) : queuedBytes.get();
        queue.add(message);
        if (drained) { // the worker ended meanwhile
            drain();
            return;
        }
        if (message instanceof HttpContent && queued > highWater() && paused.compareAndSet(false, true)) {
            channel.config().setAutoRead(false);
            // The worker may have drained the queue before it could see the pause: look again.
            resumeIfDrained();
        }
    }

    /** On the event loop: reads again once the worker has caught up. */
    private void resumeIfDrained() {
        if (paused.get() && queuedBytes.get() < lowWater() && !closed) {
            paused.set(false);
            channel.config().setAutoRead(true);
        }
    }

    /** On the event loop: the connection is gone; the worker sees the end after what was queued. */
    void close() {
        closed = true;
        queue.add(CLOSED);
    }

    /** The next request or content, or empty at the end of the connection. */
    java.util.Optional<HttpObject> next() {
        Object o = take();
        if (o == CLOSED) {
            queue.add(CLOSED);
            return java.util.Optional.empty();
        }
        consumed(o);
        return java.util.Optional.of((HttpObject) o);
    }

    /** The next body chunk; the connection closing first is an {@link IOException}. */
    HttpContent takeContent() throws IOException {
        Object o = take();
        return content(o);
    }

    /** The next body chunk if one is queued already, else null. */
    HttpContent pollContent() throws IOException {
        Object o = queue.poll();
        return o == null ? null : content(o);
    }

    /** Releases whatever is still queued, once the worker is done. */
    void drain() {
        drained = true;
        Object o;
        while ((o = queue.poll()) != null) {
            if (o instanceof HttpContent c) {
                account(-c.content().readableBytes());
            }
            if (o != CLOSED) {
                ReferenceCountUtil.release(o);
            }
        }
    }

    private HttpContent content(Object o) throws IOException {
        if (o == CLOSED) {
            queue.add(CLOSED);
            throw new IOException("connection closed before the end of the request body");
        }
        if (!(o instanceof HttpContent c)) {
            ReferenceCountUtil.release(o);
            throw new IOException("request body interrupted by another request");
        }
        consumed(c);
        return c;
    }

    private void consumed(Object o) {
        if (o instanceof HttpContent c && account(-c.content().readableBytes()) < lowWater()
                && paused.get() && resumeScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(() -> {
                resumeScheduled.set(false);
                resumeIfDrained();
            });
        }
    }

    /** Counts queued body bytes here and in the budget; the connection's new total. */
    private long account(long bytes) {
        budget.add(bytes);
        return queuedBytes.addAndGet(bytes);
    }

    private long highWater() {
        return budget.exceeded() ? TIGHT_HIGH_WATER : HIGH_WATER;
    }

    private long lowWater() {
        return budget.exceeded() ? TIGHT_LOW_WATER : LOW_WATER;
    }

    private Object take() {
        try {
            return queue.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CLOSED;
        }
    }
}
