package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.linux.Spawn;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.io.InputStream;
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
 * Starts conmon (API version 1) to create a container with the OCI runtime and supervise it: conmon holds the
 * container's stdio, writes its log and exit code, and outlives the daemon. conmon reports the runtime's
 * {@code create} result on its sync pipe ({@link ConmonProcess}: a pipe as descriptor 3): {@code {"data": PID}}
 * or {@code {"data": -1, "message": "..."}}.
 */
final class ConmonLauncher {
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final int SYNC_FD = 3;
    /**
     * What dockerd (through containerd and its shim) puts before the runtime's own message; only failures of the
     * runtime carry it, errors found while writing the bundle (an unknown user) come as they are, like dockerd's.
     */
    static final String TASK_FAILED = "failed to create task for container: failed to create shim task: ";

    private final Path conmon;

    ConmonLauncher(Path conmon) {
        this.conmon = conmon;
    }

    /** Runs {@code runtime create} under a new conmon; returns the container's pid or throws the runtime's error. */
    int create(ContainerDirs dirs, OciRuntime runtime, boolean tty, boolean stdin, boolean stdinOnce, LogSettings log) {
        if (!Files.isExecutable(conmon)) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "conmon " + conmon + " is not installed or not executable");
        }
        try {
            Spawn launched = ConmonProcess.launch(conmon, dirs, runtime, List.of(new Spawn.PipeToParent(SYNC_FD)),
                    Map.of("_OCI_SYNCPIPE", Integer.toString(SYNC_FD)), log, options(tty, stdin, stdinOnce));
            JsonNode report = readReport(dirs, launched);
            int pid = report.path("data").asInt(-1);
            if (pid <= 0) {
                throw RuntimeMessages.failure(TASK_FAILED + "OCI runtime create failed: ",
                        report.path("message").asText("no message"));
            }
            return pid;
        } catch (IOException e) {
            throw BerthException.io("start conmon for container " + dirs.id(), e);
        }
    }

    private static List<String> options(boolean tty, boolean stdin, boolean stdinOnce) {
        List<String> options = new ArrayList<>();
        if (tty) {
            options.add("-t");
        }
        if (stdin) {
            options.add("-i");
            if (!stdinOnce) {
                options.add("--leave-stdin-open");
            }
        }
        return options;
    }

    /**
     * The first JSON object conmon writes on its sync pipe; conmon keeps the pipe open, so no end of file awaited
     * (there is one when conmon exits without reporting). Read on a platform thread: see
     * {@link ConmonProcess#onPlatformThread}.
     */
    private JsonNode readReport(ContainerDirs dirs, Spawn launched) throws IOException {
        CompletableFuture<JsonNode> report = ConmonProcess.onPlatformThread(() -> {
            try (InputStream in = launched.output(SYNC_FD)) {
                byte[] object = readObject(in);
                if (object.length == 0) {
                    throw new IOException("conmon exited without reporting");
                }
                return Json.MAPPER.readTree(object);
            }
        });
        try {
            return report.get(CREATE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new IOException("read conmon's report: " + e.getCause().getMessage() + "; conmon said: "
                    + dirs.conmonErrors(), e.getCause());
        } catch (TimeoutException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "create container " + dirs.id() + ": conmon did not report"
                    + " within " + CREATE_TIMEOUT + "; conmon said: " + dirs.conmonErrors());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "create container " + dirs.id() + ": interrupted", e);
        } finally {
            ConmonProcess.reapLauncher(launched);
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

}
