package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.linux.ErrnoException;
import dev.berth.oci.linux.Spawn;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;

/**
 * A conmon (API version 1), a container's or an exec session's: how it is launched, and found again through its pid
 * file — it daemonizes, so it is no child of the daemon (nor, after a restart, of this daemon at all).
 *
 * <p>conmon reports on pipes named by descriptor numbers in its environment ({@code _OCI_SYNCPIPE} and, for an exec,
 * {@code _OCI_STARTPIPE} and {@code _OCI_ATTACHPIPE}): it is spawned directly ({@link Spawn}) with those descriptors,
 * where Java's ProcessBuilder, which hands a child no descriptor beyond stdio, needed a shell to open them (and
 * jspawnhelper before it: two execs more, ~3-4 ms of each container's start).
 */
final class ConmonProcess {
    private static final Duration LAUNCHER_EXIT = Duration.ofSeconds(5);

    private ConmonProcess() {}

    /**
     * Starts conmon over {@code dirs} with {@code runtime}, with descriptors {@code fds} beyond its stdio (stdin
     * {@code /dev/null}, stdout and stderr appended to {@code dirs.conmonErr()}) and {@code env} over the daemon's
     * environment; {@code extra} is what follows the arguments every conmon takes ({@code -t}, {@code -i}, the exec's
     * options); {@code log} where the container's output goes.
     */
    static Spawn launch(Path conmon, ConmonDirs dirs, OciRuntime runtime, List<Spawn.ChildFd> fds,
            Map<String, String> env, LogSettings log, List<String> extra) throws IOException {
        List<String> argv = new ArrayList<>(List.of(conmon.toString(), "--api-version", "1", "-c", dirs.containerId(),
                "-u", dirs.uuid(), "-n", dirs.containerId(), "-r", runtime.binary().toString()));
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
        int append = Spawn.OpenFile.O_WRONLY | Spawn.OpenFile.O_CREAT | Spawn.OpenFile.O_APPEND;
        List<Spawn.ChildFd> all = new ArrayList<>(List.of(
                new Spawn.OpenFile(0, Path.of("/dev/null"), Spawn.OpenFile.O_RDONLY),
                new Spawn.OpenFile(1, dirs.conmonErr(), append), new Spawn.OpenFile(2, dirs.conmonErr(), append)));
        all.addAll(fds);
        return Spawn.start(argv, env, all);
    }

    /**
     * Runs {@code work} that opens or reads conmon's pipes and fifos on a platform thread of its own. A virtual thread
     * blocked there would keep its carrier: the JDK does not hand a pipe's open or read over as it does a socket's,
     * so as many waits for conmon (a runtime slow to create) as there are carriers stopped every other virtual thread.
     */
    static <T> CompletableFuture<T> onPlatformThread(Callable<T> work) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("berth-conmon-pipe").start(() -> {
            try {
                f.complete(work.call());
            } catch (Exception e) {
                f.completeExceptionally(e);
            }
        });
        return f;
    }

    /**
     * Resizes the terminal of conmon's process ({@code kind} Container or Exec, {@code id}) through its control
     * fifo. The fifo outlives conmon: when conmon is gone it has no reader, which is answered at once as not running
     * where opening it to write would wait for a reader forever.
     */
    static void resize(Path ctlFifo, String kind, String id, int height, int width) {
        byte[] line = ("1 " + height + " " + width + "\n").getBytes(StandardCharsets.US_ASCII);
        try {
            Syscalls.writeFifoNow(ctlFifo, line);
        } catch (ErrnoException e) {
            if (e.errno() == ErrnoException.ENXIO) {
                throw new BerthException(ErrorKind.CONFLICT, kind + " " + id + " is not running");
            }
            throw BerthException.io("resize " + kind.toLowerCase(Locale.ROOT) + " " + id, e);
        } catch (IOException e) {
            throw BerthException.io("resize " + kind.toLowerCase(Locale.ROOT) + " " + id, e);
        }
    }

    /**
     * conmon's first process exits once its daemon child runs (long before that child reports): reaps it, so no
     * zombie is left, killing it if it lingers.
     */
    static void reapLauncher(Spawn launcher) {
        try {
            long deadline = System.nanoTime() + LAUNCHER_EXIT.toNanos();
            boolean killed = false;
            while (launcher.reap().isEmpty()) {
                if (!killed && System.nanoTime() - deadline > 0) {
                    ProcessHandle.of(launcher.pid()).ifPresent(ProcessHandle::destroyForcibly);
                    killed = true;
                }
                Thread.sleep(1);
            }
        } catch (IOException e) {
            System.getLogger(ConmonProcess.class.getName()).log(System.Logger.Level.WARNING,
                    "reap conmon's first process " + launcher.pid(), e);
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
        return ProcessStat.of(pid).map(ProcessStat::ended).orElse(true);
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
