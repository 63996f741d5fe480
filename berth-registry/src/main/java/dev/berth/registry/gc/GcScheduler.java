package dev.berth.registry.gc;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.lang.System.Logger.Level;
import java.util.Objects;

/**
 * Runs the collector every {@link GcConfig#interval()} while the registry serves ({@code gc.enabled}), on one virtual
 * thread. A run that finds another collection running (a {@code berth-registry gc} beside the server) is skipped.
 * {@link #close()} stops between two sweep batches and waits for the run to end.
 */
public final class GcScheduler implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger("dev.berth.registry.gc");

    /** Told of each finished run, for the {@code /metrics} GC-runs counter. */
    @FunctionalInterface
    public interface Listener {
        Listener NONE = succeeded -> { };

        void runCompleted(boolean succeeded);
    }

    private final GarbageCollector collector;
    private final GcConfig config;
    private final Listener listener;
    private final Thread thread;

    private GcScheduler(GarbageCollector collector, GcConfig config, Listener listener) {
        this.collector = collector;
        this.config = config;
        this.listener = listener;
        this.thread = Thread.ofVirtual().name("berth-registry-gc").unstarted(this::loop);
    }

    /** Starts the schedule; the first run comes one interval after the start. */
    public static GcScheduler start(GarbageCollector collector, GcConfig config, Listener listener) {
        Objects.requireNonNull(collector, "collector");
        Objects.requireNonNull(listener, "listener");
        if (!config.enabled()) {
            throw new IllegalArgumentException("gc is not enabled in the config");
        }
        GcScheduler scheduler = new GcScheduler(collector, config, listener);
        scheduler.thread.start();
        return scheduler;
    }

    private void loop() {
        while (!Thread.currentThread().isInterrupted()) {
            try {
                Thread.sleep(config.interval());
            } catch (InterruptedException stop) {
                return;
            }
            runOnce();
        }
    }

    /** One scheduled run; failures are logged and counted, and the schedule goes on. */
    void runOnce() {
        try {
            GcReport report = collector.collect(config.options());
            LOG.log(Level.INFO, report.summary());
            listener.runCompleted(true);
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.CONFLICT) {
                LOG.log(Level.INFO, "gc: scheduled run skipped: " + e.getMessage());
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                LOG.log(Level.INFO, "gc: stopped by shutdown: " + e.getMessage());
            } else {
                LOG.log(Level.WARNING, "gc: run failed: " + e.getMessage(), e);
            }
            listener.runCompleted(false);
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "gc: run failed: " + e, e);
            listener.runCompleted(false);
        }
    }

    @Override
    public void close() {
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
