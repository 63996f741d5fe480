package dev.berth.engine.runtime;

import java.time.Instant;

/**
 * How a container's process ended: its exit code (128 + N when killed by signal N, as conmon and Docker report it),
 * whether the kernel's OOM killer ended it, and when.
 */
public record ExitStatus(int code, boolean oomKilled, Instant finishedAt) {
    public ExitStatus {
        if (code < 0 || code > 255) {
            throw new IllegalArgumentException("exit code " + code + " outside 0..255");
        }
    }
}
