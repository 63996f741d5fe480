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
 * control bounds memory whatever the client sends: above {@link #HIGH_WATER} queued body bytes the channel stops
 * reading from the socket, and it resumes below {@link #LOW_WATER}.
 */
final class InboundQueue {
    static final long HIGH_WATER = 512 * 1024;
    static final long LOW_WATER = 128 * 1024;
    private static final Object CLOSED = new Object();

    private final Channel channel;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final AtomicLong queuedBytes = new AtomicLong();
    private final java.util.concurrent.atomic.AtomicBoolean paused = new java.util.concurrent.atomic.AtomicBoolean();
    private final java.util.concurrent.atomic.AtomicBoolean resumeScheduled =
            new java.util.concurrent.atomic.AtomicBoolean();
    private volatile boolean closed;

    InboundQueue(Channel channel) {
        this.channel = channel;
    }

    /** On the event loop: queues a message the worker will release. */
    void offer(HttpObject message) {
        if (closed) {
            ReferenceCountUtil.release(message);
            return;
        }
        queue.add(message);
        if (message instanceof HttpContent c && queuedBytes.addAndGet(c.content().readableBytes()) > HIGH_WATER
                && paused.compareAndSet(false, true)) {
            channel.config().setAutoRead(false);
            // The worker may have drained the queue before it could see the pause: look again.
            resumeIfDrained();
        }
    }

    /** On the event loop: reads again once the worker has caught up. */
    private void resumeIfDrained() {
        if (paused.get() && queuedBytes.get() < LOW_WATER && !closed) {
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
        Object o;
        while ((o = queue.poll()) != null) {
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
        if (o instanceof HttpContent c && queuedBytes.addAndGet(-c.content().readableBytes()) < LOW_WATER
                && paused.get() && resumeScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(() -> {
                resumeScheduled.set(false);
                resumeIfDrained();
            });
        }
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
