package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * An exec session's conmon, found through its pid file. It daemonizes, so it is no child of the daemon and init
 * reaps it: a zombie counts as gone.
 */
final class ExecConmon {
    private ExecConmon() {}

    /** Waits for the conmon of {@code dirs} to exit, killing it when it lingers past {@code grace}. */
    static void awaitGone(ExecDirs dirs, Duration grace) {
        Optional<Long> pid = pid(dirs);
        if (pid.isEmpty() || await(pid.get(), grace)) {
            return;
        }
        ProcessHandle.of(pid.get()).ifPresent(ProcessHandle::destroyForcibly);
        if (!await(pid.get(), grace)) {
            throw new BerthException(ErrorKind.INTERNAL, "conmon of exec " + dirs.execId() + " (pid " + pid.get()
                    + ") does not exit");
        }
    }

    private static Optional<Long> pid(ExecDirs dirs) {
        try {
            if (!Files.exists(dirs.conmonPid())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(dirs.conmonPid()).strip());
            return ProcessHandle.of(pid).filter(p -> p.info().command().map(c -> c.endsWith("conmon")).orElse(true))
                    .map(ProcessHandle::pid);
        } catch (IOException e) {
            throw BerthException.io("read conmon pid of exec " + dirs.execId(), e);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static boolean await(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!gone(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BerthException(ErrorKind.UNAVAILABLE, "wait for conmon " + pid + ": interrupted");
            }
        }
        return true;
    }

    private static boolean gone(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : 'Z';
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }
}
