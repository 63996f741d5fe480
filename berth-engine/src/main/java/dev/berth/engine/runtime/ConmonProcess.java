package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** A container's conmon process, found again through its pid file (it is not the daemon's child after a restart). */
final class ConmonProcess {
    private ConmonProcess() {}

    static Optional<ProcessHandle> find(ContainerDirs dirs) {
        try {
            if (!Files.exists(dirs.conmonPid())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(dirs.conmonPid()).strip());
            return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().command().map(c -> c.endsWith("conmon")).orElse(true));
        } catch (IOException e) {
            throw BerthException.io("read conmon pid of container " + dirs.id(), e);
        } catch (NumberFormatException e) {
            return Optional.empty();
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
        try {
            conmon.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            conmon.get().destroyForcibly();
            try {
                conmon.get().onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
            } catch (Exception again) {
                throw new BerthException(ErrorKind.INTERNAL, "conmon of container " + dirs.id() + " (pid "
                        + conmon.get().pid() + ") does not exit", again);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "wait for conmon of " + dirs.id() + ": interrupted");
        } catch (java.util.concurrent.ExecutionException e) {
            throw new BerthException(ErrorKind.INTERNAL, "wait for conmon of " + dirs.id(), e);
        }
    }
}
