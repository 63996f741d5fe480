package dev.berth.engine.runtime;

import java.util.Optional;
import java.util.OptionalInt;

/**
 * A container's state as the daemon shows it: {@code created} (bundle and process set up, not started),
 * {@code running}, {@code paused}, or {@code exited} with its {@link ExitStatus}.
 */
public record ContainerState(Status status, OptionalInt pid, Optional<ExitStatus> exit) {
    public enum Status { CREATED, RUNNING, PAUSED, EXITED }

    public boolean running() {
        return status == Status.RUNNING || status == Status.PAUSED;
    }
}
