package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.linux.Syscalls;
import dev.berth.oci.spec.Json;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Starts conmon (API version 1) to create a container with the OCI runtime and supervise it: conmon holds the
 * container's stdio, writes its log and exit code, and outlives the daemon. conmon reports the runtime's
 * {@code create} result on its sync pipe, the file descriptor named by {@code _OCI_SYNCPIPE}: {@code {"data": PID}}
 * or {@code {"data": -1, "message": "..."}}. Java cannot hand a child an extra descriptor, so a shell opens a fifo as
 * descriptor 3 and execs conmon.
 */
final class ConmonLauncher {
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final int SYNC_FD = 3;

    private final Path conmon;

    ConmonLauncher(Path conmon) {
        this.conmon = conmon;
    }

    /** Runs {@code runtime create} under a new conmon; returns the container's pid or throws the runtime's error. */
    int create(ContainerDirs dirs, OciRuntime runtime, boolean tty, boolean stdin, boolean stdinOnce) {
        if (!Files.isExecutable(conmon)) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "conmon " + conmon + " is not installed or not executable");
        }
        try {
            Syscalls.mknod(dirs.syncFifo(), Syscalls.S_IFIFO, 0600, 0);
            ProcessBuilder pb = new ProcessBuilder(argv(dirs, runtime, tty, stdin, stdinOnce))
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(dirs.conmonErr().toFile()))
                    .redirectError(ProcessBuilder.Redirect.appendTo(dirs.conmonErr().toFile()));
            pb.environment().put("_OCI_SYNCPIPE", Integer.toString(SYNC_FD));
            pb.environment().put("BERTH_SYNC_FIFO", dirs.syncFifo().toString());
            Process shell = pb.start();
            JsonNode report = readReport(dirs, shell);
            int pid = report.path("data").asInt(-1);
            if (pid <= 0) {
                String message = RuntimeMessages.clean(report.path("message").asText("no message"));
                throw new BerthException(RuntimeMessages.exitCodeOf(message) == RuntimeMessages.EXIT_DAEMON_ERROR
                        ? ErrorKind.INTERNAL : ErrorKind.INVALID_ARGUMENT,
                        "OCI runtime create failed: " + message + ": unknown");
            }
            return pid;
        } catch (IOException e) {
            throw BerthException.io("start conmon for container " + dirs.id(), e);
        } finally {
            try {
                Files.deleteIfExists(dirs.syncFifo());
            } catch (IOException e) {
                // The fifo is inside the container's state directory, removed with it.
                System.getLogger(ConmonLauncher.class.getName()).log(System.Logger.Level.DEBUG, "remove sync fifo", e);
            }
        }
    }

    private List<String> argv(ContainerDirs dirs, OciRuntime runtime, boolean tty, boolean stdin,
            boolean stdinOnce) {
        List<String> argv = new ArrayList<>(List.of("/bin/sh", "-c", "exec \"$@\" " + SYNC_FD + ">\"$BERTH_SYNC_FIFO\"",
                "conmon-launcher", conmon.toString(), "--api-version", "1", "-c", dirs.id(), "-u", dirs.uuid(),
                "-n", dirs.id(), "-r", runtime.binary().toString()));
        for (String arg : runtime.globalArgs()) {
            argv.addAll(List.of("--runtime-arg", arg));
        }
        argv.addAll(List.of("-b", dirs.bundle().toString(), "-p", dirs.containerPid().toString(),
                "-P", dirs.conmonPid().toString(), "-l", "k8s-file:" + dirs.log(),
                "--exit-dir", dirs.exitDir().toString(), "--persist-dir", dirs.persist().toString(),
                "--socket-dir-path", dirs.sockets().toString(), "--log-level", "error"));
        if (tty) {
            argv.add("-t");
        }
        if (stdin) {
            argv.add("-i");
            if (!stdinOnce) {
                argv.add("--leave-stdin-open");
            }
        }
        return argv;
    }

    /** The first JSON object conmon writes on the sync fifo; conmon keeps the fifo open, so no end of file awaited. */
    private JsonNode readReport(ContainerDirs dirs, Process shell) throws IOException {
        CompletableFuture<JsonNode> report = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try (InputStream in = new FileInputStream(dirs.syncFifo().toFile())) {
                byte[] object = readObject(in);
                if (object.length == 0) {
                    report.completeExceptionally(new IOException("conmon exited without reporting"));
                } else {
                    report.complete(Json.MAPPER.readTree(object));
                }
            } catch (IOException | RuntimeException e) {
                report.completeExceptionally(e);
            }
        });
        try {
            return report.get(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("read conmon's report: " + e.getCause().getMessage() + "; conmon said: "
                    + conmonErrors(dirs), e.getCause());
        } catch (TimeoutException e) {
            reader.interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "create container " + dirs.id() + ": conmon did not report"
                    + " within " + CREATE_TIMEOUT + "; conmon said: " + conmonErrors(dirs));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "create container " + dirs.id() + ": interrupted", e);
        } finally {
            awaitLauncher(shell);
        }
    }

    /** conmon's first process exits once its daemon child runs; reap it so no zombie is left. */
    private static void awaitLauncher(Process shell) {
        try {
            if (!shell.waitFor(5, TimeUnit.SECONDS)) {
                shell.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The bytes of the first JSON object on {@code in}, read up to its closing brace and no further: conmon keeps the
     * pipe open, and Jackson would wait for more input to rule out trailing tokens.
     */
    static byte[] readObject(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int depth = 0;
        boolean inString = false;
        boolean escaped = false;
        for (int b = in.read(); b >= 0; b = in.read()) {
            if (depth == 0 && b != '{') {
                continue;
            }
            out.write(b);
            if (inString) {
                if (escaped) {
                    escaped = false;
                } else if (b == '\\') {
                    escaped = true;
                } else if (b == '"') {
                    inString = false;
                }
            } else if (b == '"') {
                inString = true;
            } else if (b == '{') {
                depth++;
            } else if (b == '}' && --depth == 0) {
                return out.toByteArray();
            }
        }
        return new byte[0];
    }

    private static String conmonErrors(ContainerDirs dirs) {
        try {
            return Files.exists(dirs.conmonErr()) ? Files.readString(dirs.conmonErr()).strip() : "";
        } catch (IOException e) {
            return "(unreadable: " + e.getMessage() + ")";
        }
    }
}
