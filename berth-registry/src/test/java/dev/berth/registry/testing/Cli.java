package dev.berth.registry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs a real client (skopeo, docker-registry, curl) and keeps its exit code and output. */
public final class Cli {
    /** The outcome of one command. */
    public record Result(List<String> command, int exitCode, String output) {
        public Result requireSuccess() {
            if (exitCode != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + exitCode + "): " + output);
            }
            return this;
        }
    }

    private Cli() {}

    public static Result run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException(String.join(" ", command) + " timed out");
        }
        return new Result(List.of(command), p.exitValue(), out);
    }
}
