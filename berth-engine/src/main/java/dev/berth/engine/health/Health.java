package dev.berth.engine.health;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * A container's health as inspect shows it in {@code State.Health}: {@code starting} until the first probe decides,
 * then {@code healthy} or {@code unhealthy} ({@code Retries} failures in a row), with the last five probes.
 */
public record Health(String status, int failingStreak, List<Probe> log) {
    public static final String STARTING = "starting";
    public static final String HEALTHY = "healthy";
    public static final String UNHEALTHY = "unhealthy";
    private static final int KEEP = 5;

    public Health {
        log = List.copyOf(log);
    }

    /** One run of the health command: when, its exit code, the first 4 KiB of its output. */
    public record Probe(Instant start, Instant end, int exitCode, String output) {}

    static Health starting() {
        return new Health(STARTING, 0, List.of());
    }

    /** The health after {@code probe}; failures within the start period do not count. */
    Health after(Probe probe, int retries, boolean inStartPeriod) {
        List<Probe> l = new ArrayList<>(log);
        l.add(probe);
        if (l.size() > KEEP) {
            l = l.subList(l.size() - KEEP, l.size());
        }
        if (probe.exitCode() == 0) {
            return new Health(HEALTHY, 0, l);
        }
        if (inStartPeriod) {
            return new Health(status, failingStreak, l);
        }
        int streak = failingStreak + 1;
        return new Health(streak >= retries ? UNHEALTHY : status, streak, l);
    }
}
