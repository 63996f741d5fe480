package dev.berth.registry.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * The request-body bytes all connections together hold queued for their workers. Within the budget a connection
 * reads well ahead of its worker (throughput); over it, every connection falls back to a small read-ahead, so memory
 * stays bounded however many clients upload at once.
 */
final class InboundBudget {
    /** Enough for dozens of uploads at full read-ahead. */
    static final long DEFAULT_BYTES = 256L << 20;

    private final long limit;
    private final AtomicLong queued = new AtomicLong();

    InboundBudget(long limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("inbound budget must be positive, got " + limit);
        }
        this.limit = limit;
    }

    void add(long bytes) {
        queued.addAndGet(bytes);
    }

    boolean exceeded() {
        return queued.get() > limit;
    }

    long queued() {
        return queued.get();
    }
}
