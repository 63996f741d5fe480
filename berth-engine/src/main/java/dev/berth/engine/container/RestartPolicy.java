package dev.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import java.time.Duration;

/**
 * {@code HostConfig.RestartPolicy}: {@code no}, {@code on-failure} (at most {@code maximumRetryCount} restarts when
 * that is positive), {@code always}, {@code unless-stopped}. Restarts back off as dockerd's restart manager does:
 * 100 ms doubling per restart, back to 100 ms when the container ran at least 10 s, at most 1 minute.
 */
public record RestartPolicy(String name, int maximumRetryCount) {
    public static final RestartPolicy NO = new RestartPolicy("no", 0);
    static final Duration FIRST_DELAY = Duration.ofMillis(100);
    static final Duration MAX_DELAY = Duration.ofMinutes(1);
    static final Duration RESET_AFTER = Duration.ofSeconds(10);

    public RestartPolicy {
        switch (name) {
            case "no", "always", "unless-stopped" -> {
                if (maximumRetryCount != 0) {
                    throw BerthException.invalid("invalid restart policy: maximum retry count can only be used with"
                            + " 'on-failure'");
                }
            }
            case "on-failure" -> {
                if (maximumRetryCount < 0) {
                    throw BerthException.invalid("invalid restart policy: maximum retry count cannot be negative");
                }
            }
            default -> throw BerthException.invalid("invalid restart policy: unknown policy '" + name
                    + "'; use one of 'no', 'always', 'on-failure', or 'unless-stopped'");
        }
    }

    /** Reads {@code {"Name": …, "MaximumRetryCount": …}}; an absent or empty name is {@code no}. */
    public static RestartPolicy of(JsonNode node) {
        if (node == null || node.isNull()) {
            return NO;
        }
        String name = node.path("Name").asText("");
        return new RestartPolicy(name.isEmpty() ? "no" : name, node.path("MaximumRetryCount").asInt(0));
    }

    /**
     * Whether a container that exited with {@code exitCode} after {@code restartCount} restarts is started again;
     * never after a stop asked for by a user (docker stop, kill through stop) or while the daemon shuts down.
     */
    public boolean shouldRestart(int exitCode, int restartCount, boolean manuallyStopped) {
        if (manuallyStopped) {
            return false;
        }
        return switch (name) {
            case "always", "unless-stopped" -> true;
            case "on-failure" -> exitCode != 0 && (maximumRetryCount == 0 || restartCount < maximumRetryCount);
            default -> false;
        };
    }

    /**
     * Whether the daemon starts an exited container that has run before when the daemon starts, as dockerd's restore
     * asks its restart manager: unlike an exit's, a stop by hand does not hold back {@code always} and
     * {@code on-failure} (whose count is still checked).
     */
    public boolean restartsWithDaemon(int exitCode, int restartCount, boolean manuallyStopped) {
        return switch (name) {
            case "always" -> true;
            case "unless-stopped" -> !manuallyStopped;
            case "on-failure" -> exitCode != 0 && (maximumRetryCount == 0 || restartCount < maximumRetryCount);
            default -> false;
        };
    }

    /** The delay before restart number {@code restartCount + 1}, given how long the container last ran. */
    public static Duration backoff(Duration previousDelay, Duration ran) {
        if (ran.compareTo(RESET_AFTER) >= 0 || previousDelay.isZero()) {
            return FIRST_DELAY;
        }
        Duration next = previousDelay.multipliedBy(2);
        return next.compareTo(MAX_DELAY) > 0 ? MAX_DELAY : next;
    }
}
