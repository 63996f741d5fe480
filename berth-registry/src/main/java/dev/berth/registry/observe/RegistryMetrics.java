package dev.berth.registry.observe;

import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * The registry's counters and gauges, written as Prometheus text by {@link PrometheusText}. Recording is lock-free
 * (one {@link LongAdder} per series) so the event loops never wait on each other; series are keyed by
 * route kind, method and status only, a bounded set.
 */
public final class RegistryMetrics {
    /** Upper bounds of the request duration histogram, in seconds. */
    static final double[] DURATION_BUCKETS = {0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};

    record RequestKey(String route, String method, int status) {
        RequestKey {
            Objects.requireNonNull(route, "route");
            Objects.requireNonNull(method, "method");
        }
    }

    /** A cumulative histogram for one route: counts per upper bound, the sum and the count. */
    static final class Histogram {
        final LongAdder[] buckets = new LongAdder[DURATION_BUCKETS.length];
        final LongAdder count = new LongAdder();
        final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void observe(double seconds) {
            for (int i = 0; i < DURATION_BUCKETS.length; i++) {
                if (seconds <= DURATION_BUCKETS[i]) {
                    buckets[i].increment();
                }
            }
            count.increment();
            sum.add(seconds);
        }
    }

    private final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> durations = new ConcurrentHashMap<>();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final AtomicLong uploadsInFlight = new AtomicLong();
    private final AtomicLong requestsInFlight = new AtomicLong();
    private final LongAdder gcRuns = new LongAdder();
    private final LongAdder gcFailures = new LongAdder();
    private final LongAdder accessLogDropped = new LongAdder();

    /** One finished request: its route, method, final status and how long it took. */
    public void requestCompleted(String route, String method, int status, long durationNanos) {
        requests.computeIfAbsent(new RequestKey(route, method, status), k -> new LongAdder()).increment();
        durations.computeIfAbsent(route, r -> new Histogram()).observe(durationNanos / 1e9);
    }

    public void bytesReceived(long n) {
        bytesIn.add(n);
    }

    public void bytesSent(long n) {
        bytesOut.add(n);
    }

    public void requestStarted() {
        requestsInFlight.incrementAndGet();
    }

    public void requestEnded() {
        requestsInFlight.decrementAndGet();
    }

    /** A request that streams blob bytes in (POST, PATCH or PUT of an upload) began. */
    public void uploadStarted() {
        uploadsInFlight.incrementAndGet();
    }

    public void uploadEnded() {
        uploadsInFlight.decrementAndGet();
    }

    /** A garbage-collection run finished, successfully or not (dry runs included). */
    public void gcRunCompleted(boolean succeeded) {
        gcRuns.increment();
        if (!succeeded) {
            gcFailures.increment();
        }
    }

    /** An access log line was dropped because the log's writer fell behind. */
    public void accessLogLineDropped() {
        accessLogDropped.increment();
    }

    public long uploadsInFlight() {
        return uploadsInFlight.get();
    }

    public long requestsInFlight() {
        return requestsInFlight.get();
    }

    public long gcRuns() {
        return gcRuns.sum();
    }

    public long bytesIn() {
        return bytesIn.sum();
    }

    public long bytesOut() {
        return bytesOut.sum();
    }

    /** How many requests finished with this route, method and status. */
    public long requests(String route, String method, int status) {
        LongAdder n = requests.get(new RequestKey(route, method, status));
        return n == null ? 0 : n.sum();
    }

    Map<RequestKey, LongAdder> requestCounts() {
        return requests;
    }

    Map<String, Histogram> durations() {
        return durations;
    }

    long gcFailures() {
        return gcFailures.sum();
    }

    long accessLogDropped() {
        return accessLogDropped.sum();
    }
}
