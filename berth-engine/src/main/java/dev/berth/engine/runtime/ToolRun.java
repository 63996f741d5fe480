package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** One run of a command-line tool (runc, crun) to its end: its exit code and what it wrote. */
record ToolRun(List<String> argv, int exitCode, String stdout, String stderr) {
    static ToolRun run(List<String> argv, Duration timeout) {
        String what = String.join(" ", argv);
        try {
            Process p = new ProcessBuilder(argv).redirectInput(ProcessBuilder.Redirect.from(new java.io.File(
                    "/dev/null"))).start();
            CompletableFuture<String> out = drain(p.getInputStream());
            CompletableFuture<String> err = drain(p.getErrorStream());
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor();
                throw new BerthException(ErrorKind.UNAVAILABLE, what + ": no answer within " + timeout);
            }
            return new ToolRun(argv, p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw BerthException.io("run " + what, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "run " + what + ": interrupted", e);
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        CompletableFuture<String> text = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(e);
            }
        });
        return text;
    }

    boolean ok() {
        return exitCode == 0;
    }

    /** The tool's own words for a failure: runc logs {@code time=... level=error msg="..."}; keep the msg. */
    String errorText() {
        return RuntimeMessages.clean(stderr.isBlank() ? stdout : stderr);
    }
}
