package dev.berth.cli.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the reference tools (docker CLI, skopeo) and captures what they print. */
final class Processes {
    private Processes() {}

    static Run run(List<String> command, Map<String, String> env, byte[] stdin) {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        try {
            Process p = pb.start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            Thread o = Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
            Thread e = Thread.ofVirtual().start(() -> copy(p.getErrorStream(), err));
            try (var in = p.getOutputStream()) {
                in.write(stdin);
            }
            if (!p.waitFor(5, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new IllegalStateException("timed out: " + command);
            }
            o.join();
            e.join();
            return new Run(p.exitValue(), out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted running " + command, e);
        }
    }

    static Run checked(List<String> command) {
        Run r = run(command, Map.of(), new byte[0]);
        if (r.exit() != 0) {
            throw new IllegalStateException(command + " failed (" + r.exit() + "): " + r.err() + r.out());
        }
        return r;
    }

    private static void copy(InputStream in, ByteArrayOutputStream out) {
        try {
            in.transferTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A finished command: exit status, standard output and standard error. */
    record Run(int exit, String out, String err) {
        /** The same run with {@code from} replaced in its standard output (names that differ by design). */
        Run replaceOut(String from, String to) {
            return new Run(exit, out.replace(from, to), err);
        }
    }
}
