package dev.berth.engine.container;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A container's state as {@code GET /containers/{id}/json} shows it ({@code State}): its status, the pid of its
 * process while it runs, how it last ended (exit code, OOM kill, the runtime's error when it could not start) and
 * when it last started and finished.
 *
 * <p>Moves: created → running (start) → exited (the process ended, or a start failed: exit code 125/126/127 and
 * {@code error}); running ⇄ paused; exited → restarting (a restart policy's back-off) → running; any → removing
 * → gone; dead when removal failed half-way.
 */
public record State(Status status, OptionalInt pid, int exitCode, String error, boolean oomKilled,
        Optional<Instant> startedAt, Optional<Instant> finishedAt) {
    /** Docker's status words, as {@code State.Status} and the {@code status} filter spell them. */
    public enum Status {
        CREATED, RUNNING, PAUSED, RESTARTING, REMOVING, EXITED, DEAD;

        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        public static Status parse(String word) {
            for (Status s : values()) {
                if (s.word().equals(word)) {
                    return s;
                }
            }
            throw dev.berth.oci.error.BerthException.invalid("invalid filter 'status=" + word + "'");
        }
    }

    public static final State CREATED = new State(Status.CREATED, OptionalInt.empty(), 0, "", false,
            Optional.empty(), Optional.empty());

    public State {
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(finishedAt, "finishedAt");
    }

    /** Running or paused: its process exists (docker's {@code State.Running} is true for both). */
    public boolean running() {
        return status == Status.RUNNING || status == Status.PAUSED;
    }

    public State started(int processId, Instant at) {
        return new State(Status.RUNNING, OptionalInt.of(processId), 0, "", false, Optional.of(at), finishedAt);
    }

    public State exited(int code, boolean oom, Instant at) {
        return new State(Status.EXITED, OptionalInt.empty(), code, "", oom, startedAt, Optional.of(at));
    }

    /** A start that failed: docker keeps the status (created stays created) and records the code and the error. */
    public State failedStart(int code, String message) {
        Status s = status == Status.RUNNING || status == Status.RESTARTING ? Status.EXITED : status;
        return new State(s, OptionalInt.empty(), code, message, false, startedAt, finishedAt);
    }

    public State withStatus(Status s) {
        return new State(s, s == Status.RUNNING || s == Status.PAUSED ? pid : OptionalInt.empty(), exitCode, error,
                oomKilled, startedAt, finishedAt);
    }
}
