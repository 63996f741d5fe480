package dev.berth.registry.gc;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.berth.oci.error.BerthException;
import dev.berth.registry.config.ConfigDuration;
import dev.berth.registry.config.RegistryConfig;
import java.time.Duration;
import java.util.Objects;

/**
 * The {@code gc} section of the registry's config: scheduled online garbage collection.
 *
 * <pre>
 * gc:
 *   enabled: true      # collect while serving, every interval (default false)
 *   interval: 24h      # between the end of one run and the start of the next (default 24h)
 *   grace: 1h          # keep anything pushed less than this long before a run starts (default 1h)
 *   dryrun: false      # only log what would be deleted
 * </pre>
 */
public record GcConfig(boolean enabled, Duration interval, GcOptions options) {
    public static final Duration DEFAULT_INTERVAL = Duration.ofHours(24);

    public GcConfig {
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(options, "options");
        if (enabled && (interval.isZero() || interval.isNegative())) {
            throw BerthException.invalid("config: gc.interval must be positive, got " + interval);
        }
    }

    public static GcConfig disabled() {
        return new GcConfig(false, DEFAULT_INTERVAL, GcOptions.defaults());
    }

    /** The section as written; every field optional, unknown fields refused. */
    record Section(Boolean enabled, String interval, String grace, @JsonProperty("dryrun") Boolean dryRun) {}

    public static GcConfig from(RegistryConfig config) {
        return config.section("gc", Section.class).map(GcConfig::from).orElse(disabled());
    }

    static GcConfig from(Section s) {
        Duration interval = s.interval() == null ? DEFAULT_INTERVAL
                : ConfigDuration.parse("config: gc.interval", s.interval());
        Duration grace = s.grace() == null ? GcOptions.DEFAULT_GRACE
                : ConfigDuration.parse("config: gc.grace", s.grace());
        return new GcConfig(Boolean.TRUE.equals(s.enabled()), interval,
                new GcOptions(Boolean.TRUE.equals(s.dryRun()), grace));
    }
}
