package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;

/** A container's conmon process, found again through its pid file (it is not the daemon's child after a restart). */
final class ConmonProcess {
    private ConmonProcess() {}

    static Optional<ProcessHandle> find(ContainerDirs dirs) {
        try {
            if (!Files.exists(dirs.conmonPid())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(dirs.conmonPid()).strip());
            return ProcessHandle.of(pid).filter(p -> !exited(p.pid()))
                    .filter(p -> p.info().command().map(c -> c.endsWith("conmon")).orElse(true));
        } catch (IOException e) {
            throw BerthException.io("read conmon pid of container " + dirs.id(), e);
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Whether process {@code pid} is gone or a zombie. conmon is no child of the daemon (it daemonizes), so its
     * exit is reaped by init, which may take its time (some inits reap in batches): a zombie counts as exited, where
     * {@link ProcessHandle#isAlive} would still say alive.
     */
    static boolean exited(long pid) {
        try {
            String stat = Files.readString(java.nio.file.Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : 'Z';
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Waits for conmon to exit (it does once the container has exited and its exit code is recorded), killing it
     * when it lingers past {@code grace}: it would otherwise hold the container's log and sockets forever.
     */
    static void awaitGone(ContainerDirs dirs, Duration grace) {
        Optional<ProcessHandle> conmon = find(dirs);
        if (conmon.isEmpty()) {
            return;
        }
        long pid = conmon.get().pid();
        if (await(pid, grace)) {
            return;
        }
        conmon.get().destroyForcibly();
        if (!await(pid, grace)) {
            throw new BerthException(ErrorKind.INTERNAL, "conmon of container " + dirs.id() + " (pid " + pid
                    + ") does not exit");
        }
    }

    private static boolean await(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!exited(pid)) {
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
}
