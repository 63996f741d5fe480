package dev.berth.engine.runtime;

import static dev.berth.engine.runtime.ConmonProcess.onPlatformThread;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.linux.SeqpacketSocket;
import dev.berth.oci.linux.Spawn;
import dev.berth.oci.linux.Syscalls;
import dev.berth.oci.spec.Json;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs {@code runtime exec} under a conmon of its own ({@code --exec --exec-attach}), so that the session's stdio is
 * held by conmon and reached through an attach socket like a container's. conmon's exec protocol, over three pipes
 * (podman's {@code oci_conmon_exec}): it reads the start pipe once before it forks (the caller's chance to move it
 * into a cgroup); it reports on the attach pipe once its attach socket listens; its runtime child reads the start
 * pipe again before running the process, so the caller connects first and loses no output; the sync pipe carries
 * the process's pid ({@code {"data": PID}}, or a negative number and the runtime's message), later its exit code.
 * The pipes are conmon's descriptors 3, 4 (a fifo) and 5 ({@link ConmonProcess#launch}).
 */
final class ExecLauncher {
    private static final Duration STEP_TIMEOUT = Duration.ofSeconds(30);
    private static final byte[] GO = {'1'};
    private static final int SYNC_FD = 3;
    private static final int START_FD = 4;
    private static final int ATTACH_FD = 5;

    private final Path conmon;

    ExecLauncher(Path conmon) {
        this.conmon = conmon;
    }

    /** A launched session: its pid, its attach connection (made before it ran) and its exit code to come. */
    record Launched(int pid, AttachConnection attach, CompletableFuture<Integer> exitCode) {}

    Launched launch(ExecDirs dirs, OciRuntime runtime, boolean tty, boolean stdin) {
        Path startFifo = dirs.fifo("start");
        SeqpacketSocket socket = null;
        try {
            Syscalls.mknod(startFifo, Syscalls.S_IFIFO, 0600, 0);
            // conmon holds the start fifo open for reading and writing, as the shell's 4<> did: its open never waits,
            // and this side's open for writing finds it.
            Spawn launched = ConmonProcess.launch(conmon, dirs, runtime, List.of(new Spawn.PipeToParent(SYNC_FD),
                    new Spawn.OpenFile(START_FD, startFifo, Spawn.OpenFile.O_RDWR), new Spawn.PipeToParent(ATTACH_FD)),
                    Map.of("_OCI_SYNCPIPE", Integer.toString(SYNC_FD), "_OCI_STARTPIPE", Integer.toString(START_FD),
                            "_OCI_ATTACHPIPE", Integer.toString(ATTACH_FD)),
                    LogSettings.UNBOUNDED, options(dirs, tty, stdin));
            InputStream syncIn = launched.output(SYNC_FD);
            try {
                CompletableFuture<OutputStream> start =
                        onPlatformThread(() -> new FileOutputStream(startFifo.toFile()));
                // The attach pipe first: closed too when the start fifo's open fails.
                try (InputStream attachIn = launched.output(ATTACH_FD);
                        OutputStream startOut = step(dirs, "open start pipe", start)) {
                    startOut.write(GO);
                    startOut.flush();
                    JsonNode ready = readReport(dirs, "attach socket", attachIn);
                    if (ready.path("data").asInt(-1) < 0) {
                        throw failure(ready);
                    }
                    socket = SeqpacketSocket.connect(dirs.attachSocket());
                    startOut.write(GO);
                    startOut.flush();
                }
                JsonNode started = readReport(dirs, "exec pid", syncIn);
                int pid = started.path("data").asInt(-1);
                if (pid <= 0) {
                    syncIn.close();
                    throw failure(started);
                }
                CompletableFuture<Integer> exitCode = new CompletableFuture<>();
                // Platform threads for blocking reads of pipes: they must not pin the carriers of virtual threads.
                Thread.ofPlatform().daemon().name("exec-exit-" + dirs.execId())
                        .start(() -> awaitExitReport(syncIn, exitCode));
                return new Launched(pid, new AttachConnection(socket), exitCode);
            } catch (IOException | RuntimeException e) {
                syncIn.close();
                throw e;
            } finally {
                ConmonProcess.reapLauncher(launched);
            }
        } catch (IOException e) {
            closeQuietly(socket);
            throw BerthException.io("exec in container " + dirs.container().id(), e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        } finally {
            try {
                Files.deleteIfExists(startFifo);
            } catch (IOException e) {
                System.getLogger(ExecLauncher.class.getName()).log(System.Logger.Level.DEBUG,
                        "remove " + startFifo + " (removed with the session)", e);
            }
        }
    }

    private static List<String> options(ExecDirs dirs, boolean tty, boolean stdin) {
        List<String> options = new ArrayList<>(List.of("-e", "--exec-attach", "--exec-process-spec",
                dirs.processSpec().toString()));
        if (tty) {
            options.add("-t");
        }
        if (stdin) {
            options.add("-i");
        }
        return options;
    }

    /** The exit code conmon reports last on the sync pipe; a negative code when it ended without one. */
    private static void awaitExitReport(InputStream sync, CompletableFuture<Integer> exitCode) {
        try (sync) {
            byte[] object = ConmonLauncher.readObject(sync);
            exitCode.complete(object.length == 0 ? -1 : Json.MAPPER.readTree(object).path("data").asInt(-1));
        } catch (IOException | RuntimeException e) {
            exitCode.completeExceptionally(e);
        }
    }

    private static BerthException failure(JsonNode report) {
        return RuntimeMessages.failure("OCI runtime exec failed: ", report.path("message").asText("no message"));
    }

    private static JsonNode readReport(ExecDirs dirs, String what, InputStream in) throws IOException {
        CompletableFuture<byte[]> object = onPlatformThread(() -> ConmonLauncher.readObject(in));
        byte[] bytes = step(dirs, "read " + what, object);
        if (bytes.length == 0) {
            throw new IOException("conmon exited before reporting its " + what + "; conmon said: "
                    + dirs.conmonErrors());
        }
        return Json.MAPPER.readTree(bytes);
    }

    private static <T> T step(ExecDirs dirs, String what, CompletableFuture<T> f) throws IOException {
        try {
            return f.get(STEP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException(what + ": " + e.getCause().getMessage() + "; conmon said: " + dirs.conmonErrors(),
                    e.getCause());
        } catch (TimeoutException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "exec in container " + dirs.container().id() + ": "
                    + what + ": no answer from conmon within " + STEP_TIMEOUT + "; conmon said: "
                    + dirs.conmonErrors());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "exec in container " + dirs.container().id()
                    + ": interrupted", e);
        }
    }

    private static void closeQuietly(SeqpacketSocket socket) {
        if (socket != null) {
            try {
                socket.close();
            } catch (IOException e) {
                System.getLogger(ExecLauncher.class.getName()).log(System.Logger.Level.DEBUG,
                        "close attach socket after a failed exec", e);
            }
        }
    }

}
