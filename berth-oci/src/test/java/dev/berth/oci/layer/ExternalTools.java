package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs real command-line tools (GNU tar, gzip, zstd, sha256sum, mount) from tests. */
final class ExternalTools {
    private ExternalTools() {}

    /** Runs {@code command}, asserts it exits 0, and returns its standard output. */
    static String run(String... command) throws IOException, InterruptedException {
        Result r = tryRun(command);
        assertThat(r.exitCode()).as("%s failed: %s", List.of(command), r.stderr()).isZero();
        return r.stdout();
    }

    record Result(int exitCode, String stdout, String stderr) {}

    static Result tryRun(String... command) throws IOException, InterruptedException {
        Path err = java.nio.file.Files.createTempFile("berth-tool", ".err");
        try {
            Process p = new ProcessBuilder(command).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IOException("timed out: " + List.of(command));
            }
            return new Result(p.exitValue(), out, java.nio.file.Files.readString(err));
        } finally {
            java.nio.file.Files.deleteIfExists(err);
        }
    }
}
