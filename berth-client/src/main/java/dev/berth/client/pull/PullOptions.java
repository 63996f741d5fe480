package dev.berth.client.pull;

import java.time.Duration;

/**
 * How a {@link Puller} downloads: at most {@code maxConcurrentDownloads} layers at once (dockerd's
 * {@code max-concurrent-downloads}, 3 by default); a layer download cut by the network is resumed up to
 * {@code retries} times, after {@code retryDelay}, then twice that, and so on (docker: 5 retries from 5 s).
 */
public record PullOptions(int maxConcurrentDownloads, int retries, Duration retryDelay) {
    public PullOptions {
        if (maxConcurrentDownloads < 1) {
            throw new IllegalArgumentException("max-concurrent-downloads must be at least 1, got "
                    + maxConcurrentDownloads);
        }
        if (retries < 0 || retryDelay.isNegative()) {
            throw new IllegalArgumentException("retries and retry delay must not be negative");
        }
    }

    public static PullOptions defaults() {
        return new PullOptions(3, 5, Duration.ofSeconds(5));
    }

    public PullOptions withMaxConcurrentDownloads(int max) {
        return new PullOptions(max, retries, retryDelay);
    }

    public PullOptions withRetries(int n, Duration delay) {
        return new PullOptions(maxConcurrentDownloads, n, delay);
    }
}
