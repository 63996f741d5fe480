package dev.berth.registry.gc;

import java.time.Duration;
import java.util.Objects;

/**
 * How one garbage collection runs. {@code grace} protects what was pushed shortly before the collection started:
 * links, manifests and blobs younger than that are kept even if nothing references them yet (a client pushes the
 * layers first and the manifest last). A {@code dryRun} reports what would be deleted and deletes nothing.
 */
public record GcOptions(boolean dryRun, Duration grace) {
    public static final Duration DEFAULT_GRACE = Duration.ofHours(1);

    public GcOptions {
        Objects.requireNonNull(grace, "grace");
        if (grace.isNegative()) {
            throw new IllegalArgumentException("gc grace must not be negative: " + grace);
        }
    }

    public static GcOptions defaults() {
        return new GcOptions(false, DEFAULT_GRACE);
    }

    public GcOptions withDryRun(boolean d) {
        return new GcOptions(d, grace);
    }

    public GcOptions withGrace(Duration g) {
        return new GcOptions(dryRun, g);
    }
}
