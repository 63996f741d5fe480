package dev.berth.registry;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs a real client (skopeo, docker) and returns its output, failing with the output when it fails. */
final class ExternalCommand {
    private ExternalCommand() {}

    static boolean available(String tool) {
        return Files.isExecutable(Path.of(tool)) || List.of("/usr/bin", "/usr/local/bin", "/usr/sbin").stream()
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, tool)));
    }

    static String run(Map<String, String> env, String... command) {
        Result r = exec(env, command);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", command) + " failed (exit " + r.exit() + "):\n" + r.output());
        }
        return r.output();
    }

    static String run(String... command) {
        return run(Map.of(), command);
    }

    record Result(int exit, String output) {}

    static Result exec(Map<String, String> env, String... command) {
        try {
            ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
            pb.environment().putAll(env);
            Process p = pb.start();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(10, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " timed out");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted running " + command[0], e);
        }
    }
}
