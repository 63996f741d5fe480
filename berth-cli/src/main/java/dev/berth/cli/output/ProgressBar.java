package dev.berth.cli.output;

import java.time.Duration;
import java.time.Instant;

/**
 * Renders a {@link JsonMessage.Progress} as the docker CLI does on a terminal:
 * {@code [=====>        ]  1.2MB/3.4MB 2s} — the bar only on terminals wider than 110 columns, the time left
 * when a start time is known.
 */
public final class ProgressBar {
    private ProgressBar() {}

    public static String render(JsonMessage.Progress p, int width, Instant now) {
        if (p.current() <= 0 && p.total() <= 0) {
            return "";
        }
        if (p.total() <= 0) {
            return p.units().isEmpty() ? String.format("%8s", HumanSize.precise(p.current()))
                    : p.current() + " " + p.units();
        }
        int percentage = Math.min(50, (int) ((double) p.current() / p.total() * 100) / 2);
        String bar = "";
        if (width > 110) {
            bar = "[" + "=".repeat(percentage) + ">" + " ".repeat(Math.max(0, 50 - percentage)) + "] ";
        }
        String numbers;
        if (p.hideCounts()) {
            numbers = "";
        } else if (p.units().isEmpty()) {
            String current = HumanSize.precise(p.current());
            numbers = p.current() > p.total() ? String.format("%8s", current)
                    : String.format("%8s/%s", current, HumanSize.precise(p.total()));
        } else {
            numbers = p.current() > p.total() ? p.current() + " " + p.units()
                    : p.current() + "/" + p.total() + " " + p.units();
        }
        String timeLeft = "";
        if (p.current() > 0 && p.start() > 0 && percentage < 50 && width > 50) {
            Duration fromStart = Duration.between(Instant.ofEpochSecond(p.start()), now);
            Duration perEntry = fromStart.dividedBy(p.current());
            Duration left = perEntry.multipliedBy(p.total() - p.current());
            timeLeft = " " + HumanDuration.goString(left);
        }
        return bar + numbers + timeLeft;
    }
}
