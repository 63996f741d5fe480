package dev.berth.registry.observe;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The structured access log: {@link AccessLogEntry} JSON lines written by one virtual thread, so event loops never
 * block on the disk. The queue is bounded: when the writer falls behind, lines are dropped and counted
 * ({@code berth_registry_access_log_dropped_total}) rather than letting memory grow.
 *
 * <p>Lifecycle: {@link #start} begins writing; {@link #record} enqueues; {@link #close} writes what is queued, flushes
 * and stops.
 */
public final class AccessLog implements AutoCloseable {
    static final int QUEUE_LINES = 16_384;
    private static final AccessLogEntry STOP = new AccessLogEntry(java.time.Instant.EPOCH, "-", "-", 0, 0, 0,
            java.time.Duration.ZERO, "-", java.util.Optional.empty(), "-", java.util.Optional.empty());

    private final OutputStream out;
    private final RegistryMetrics metrics;
    private final BlockingQueue<AccessLogEntry> queue = new ArrayBlockingQueue<>(QUEUE_LINES);
    private final Thread writer;
    private volatile boolean closed;

    private AccessLog(OutputStream out, RegistryMetrics metrics) {
        this.out = Objects.requireNonNull(out, "out");
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.writer = Thread.ofVirtual().name("access-log").unstarted(this::drain);
    }

    /** An access log writing to {@code out}, which it closes on {@link #close} unless it is stdout or stderr. */
    public static AccessLog start(OutputStream out, RegistryMetrics metrics) {
        AccessLog log = new AccessLog(out, metrics);
        log.writer.start();
        return log;
    }

    public void record(AccessLogEntry entry) {
        if (closed || !queue.offer(entry)) {
            metrics.accessLogLineDropped();
        }
    }

    private void drain() {
        List<AccessLogEntry> batch = new ArrayList<>();
        try {
            while (true) {
                AccessLogEntry first = queue.take();
                batch.add(first);
                queue.drainTo(batch);
                boolean stop = false;
                for (AccessLogEntry entry : batch) {
                    if (entry == STOP) {
                        stop = true;
                    } else {
                        out.write(entry.jsonLine());
                    }
                }
                out.flush();
                batch.clear();
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            // The log's disk failed: the registry keeps serving, and says once why lines stop appearing.
            System.err.println("berth-registry: access log stopped: " + e);
            closed = true;
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (queue.offer(STOP, 5, TimeUnit.SECONDS)) {
                writer.join(TimeUnit.SECONDS.toMillis(10));
            }
            if (out != System.out && out != System.err) {
                out.close();
            } else {
                out.flush();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("close access log", e);
        }
    }
}
