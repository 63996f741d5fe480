package dev.berth.engine.exec;

import dev.berth.engine.runtime.ExecSpec;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * One exec instance (Docker's exec config): made by {@code POST /containers/{id}/exec}, run once by
 * {@code POST /exec/{id}/start}, inspected for its exit code afterwards. The process part changes as it runs; reads
 * and writes are synchronized.
 *
 * @param attachStdin whether the start forwards the client's stdin (the process then gets an open stdin)
 */
public final class ExecSession {
    private final String id;
    private final String containerId;
    private final ExecSpec spec;
    private final boolean attachStdin;
    private final boolean attachStdout;
    private final boolean attachStderr;
    private final String detachKeys;
    private boolean started;
    private boolean running;
    private OptionalInt pid = OptionalInt.empty();
    private dev.berth.engine.runtime.ExecProcess process;
    private Optional<Integer> exitCode = Optional.empty();

    ExecSession(String id, String containerId, ExecSpec spec, boolean attachStdin, boolean attachStdout,
            boolean attachStderr, String detachKeys) {
        this.id = Objects.requireNonNull(id, "id");
        this.containerId = Objects.requireNonNull(containerId, "containerId");
        this.spec = Objects.requireNonNull(spec, "spec");
        this.attachStdin = attachStdin;
        this.attachStdout = attachStdout;
        this.attachStderr = attachStderr;
        this.detachKeys = Objects.requireNonNull(detachKeys, "detachKeys");
    }

    public String id() {
        return id;
    }

    public String containerId() {
        return containerId;
    }

    public ExecSpec spec() {
        return spec;
    }

    public boolean attachStdin() {
        return attachStdin;
    }

    public boolean attachStdout() {
        return attachStdout;
    }

    public boolean attachStderr() {
        return attachStderr;
    }

    public String detachKeys() {
        return detachKeys;
    }

    public synchronized boolean running() {
        return running;
    }

    public synchronized OptionalInt pid() {
        return pid;
    }

    /** Empty until the process has exited (or failed to start: 126, or 127 when the command was not found). */
    public synchronized Optional<Integer> exitCode() {
        return exitCode;
    }

    /** Marks the session started; false when it had been started before (an exec runs once). */
    synchronized boolean claimStart() {
        if (started) {
            return false;
        }
        started = true;
        return true;
    }

    synchronized void runningAs(dev.berth.engine.runtime.ExecProcess p) {
        running = true;
        pid = OptionalInt.of(p.pid());
        process = p;
    }

    synchronized Optional<dev.berth.engine.runtime.ExecProcess> process() {
        return running ? Optional.ofNullable(process) : Optional.empty();
    }

    synchronized void exited(int code) {
        running = false;
        process = null;
        exitCode = Optional.of(code);
    }
}
