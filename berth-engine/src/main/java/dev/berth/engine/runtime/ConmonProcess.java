package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A conmon (API version 1), a container's or an exec session's: how it is launched, and found again through its pid
 * file — it daemonizes, so it is no child of the daemon (nor, after a restart, of this daemon at all).
 *
 * <p>conmon reports on pipes named by descriptor numbers in its environment ({@code _OCI_SYNCPIPE} and, for an exec,
 * {@code _OCI_STARTPIPE} and {@code _OCI_ATTACHPIPE}). Java hands a child no descriptor beyond stdio, so a shell
 * opens fifos as those descriptors and execs conmon: {@code redirects} is that shell's redirections, e.g.
 * {@code 3>"$SYNC"}, {@code env} the variables naming the fifos.
 */
final class ConmonProcess {
    private ConmonProcess() {}

    /**
     * Starts the shell that becomes conmon over {@code dirs} with {@code runtime}; {@code extra} is what follows the
     * arguments every conmon takes ({@code -t}, {@code -i}, the exec's options); {@code log} where the output goes.
     */
    static Process launch(Path conmon, ConmonDirs dirs, OciRuntime runtime, String redirects, Map<String, String> env,
            LogSettings log, List<String> extra) throws IOException {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" " + redirects, "conmon-launcher",
                conmon.toString(), "--api-version", "1", "-c", dirs.containerId(), "-u", dirs.uuid(),
                "-n", dirs.containerId(), "-r", runtime.binary().toString()));
        for (String arg : runtime.globalArgs()) {
            argv.addAll(List.of("--runtime-arg", arg));
        }
        argv.addAll(List.of("-b", dirs.bundle().toString(), "-p", dirs.processPid().toString(),
                "-P", dirs.conmonPid().toString(),
                "--exit-dir", dirs.exitDir().toString(), "--persist-dir", dirs.persist().toString(),
                "--socket-dir-path", dirs.sockets().toString(), "--log-level", "error",
                // conmon would fsync the log between the process's exit and its exit file: 1-3 ms of every exit
                // here, 20+ on a busy disk; docker syncs no container log either.
                "--no-sync-log"));
        argv.addAll(log.conmonArgs(dirs.log()));
        argv.addAll(extra);
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dirs.conmonErr().toFile()))
                .redirectError(ProcessBuilder.Redirect.appendTo(dirs.conmonErr().toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    /** conmon's first process exits once its daemon child runs; reap it so no zombie is left. */
    static void reapLauncher(Process shell) {
        try {
            if (!shell.waitFor(5, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The running conmon of {@code dirs}, if any. */
    static Optional<ProcessHandle> find(ConmonDirs dirs) {
        try {
            if (!Files.exists(dirs.conmonPid())) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readString(dirs.conmonPid()).strip());
            return ProcessHandle.of(pid).filter(p -> !exited(p.pid()))
                    .filter(p -> p.info().command().map(c -> c.endsWith("conmon")).orElse(true));
        } catch (IOException e) {
            throw BerthException.io("read conmon pid of " + dirs.subject(), e);
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
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : 'Z';
            return state == 'Z' || state == 'X';
        } catch (IOException e) {
            return true;
        }
    }

    /**
     * Waits for conmon to exit (it does once its process has exited and the exit code is recorded), killing it
     * when it lingers past {@code grace}: it would otherwise hold the log and sockets forever.
     */
    static void awaitGone(ConmonDirs dirs, Duration grace) {
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
            throw new BerthException(ErrorKind.INTERNAL, "conmon of " + dirs.subject() + " (pid " + pid
                    + ") does not exit");
        }
    }

    /** The first pause of {@link #await}, doubled up to {@link #MAX_POLL_MS} while conmon lives on. */
    private static final long FIRST_POLL_MS = 1;
    private static final long MAX_POLL_MS = 10;

    private static boolean await(long pid, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        // Short pauses first: conmon exits right after it records the exit, which is when the daemon asks; on a loaded
        // host it was still there in ~15% of exits, and a first pause of 10 ms then held the container's release
        // (and an --rm container's removal) that long after it had gone.
        long pause = FIRST_POLL_MS;
        while (!exited(pid)) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            try {
                Thread.sleep(pause);
                pause = Math.min(pause * 2, MAX_POLL_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BerthException(ErrorKind.UNAVAILABLE, "wait for conmon " + pid + ": interrupted");
            }
        }
        return true;
    }
}
