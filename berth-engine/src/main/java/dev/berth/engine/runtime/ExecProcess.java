package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * A process running in a container through {@link ContainerExecs#start}: its pid on the host, its stdio through
 * {@link #attach} (connected before the process ran, so no output is missed; a terminal's output all on stdout),
 * its exit through {@link #onExit}. {@link #close} waits for its conmon and removes the session's state.
 */
public final class ExecProcess implements Closeable {
    private static final Duration CONMON_GRACE = Duration.ofSeconds(10);

    private final ExecDirs dirs;
    private final int pid;
    private final AttachConnection attach;
    private final CompletableFuture<ExitStatus> exit;

    ExecProcess(ExecDirs dirs, int pid, AttachConnection attach, CompletableFuture<Integer> exitCode) {
        this.dirs = dirs;
        this.pid = pid;
        this.attach = attach;
        this.exit = exitCode.thenApply(this::status);
    }

    public String execId() {
        return dirs.execId();
    }

    public int pid() {
        return pid;
    }

    public AttachConnection attach() {
        return attach;
    }

    /** Completes with how the process ended (128 + N when killed by signal N). */
    public CompletableFuture<ExitStatus> onExit() {
        return exit;
    }

    /** Resizes the session's terminal (started with a TTY) through its conmon's control fifo. */
    public void resize(int height, int width) {
        if (height <= 0 || width <= 0) {
            throw BerthException.invalid("resize exec " + dirs.execId() + ": bad size " + height + "x" + width);
        }
        ConmonProcess.resize(dirs.ctlFifo(), "Exec", dirs.execId(), height, width);
    }

    private ExitStatus status(int code) {
        if (code >= 0) {
            return new ExitStatus(code & 0xff, false, Instant.now());
        }
        // conmon ended without reporting (killed): its exit file, if it got that far, still has the code.
        try {
            String text = Files.readString(dirs.exitFile()).strip();
            return new ExitStatus(Integer.parseInt(text) & 0xff, false, Files.getLastModifiedTime(dirs.exitFile())
                    .toInstant());
        } catch (IOException | NumberFormatException e) {
            throw new BerthException(dev.berth.oci.error.ErrorKind.INTERNAL, "exec " + dirs.execId()
                    + " in container " + dirs.container().id() + ": conmon recorded no exit code; conmon said: "
                    + dirs.conmonErrors(), e);
        }
    }

    /** Closes the attach connection; once the process has exited, waits for its conmon and removes its state. */
    @Override
    public void close() throws IOException {
        attach.close();
        if (exit.isDone()) {
            ConmonProcess.awaitGone(dirs, CONMON_GRACE);
            Files.deleteIfExists(dirs.socketLink());
            dev.berth.engine.snapshot.FileTrees.delete(dirs.dir());
        }
    }
}
