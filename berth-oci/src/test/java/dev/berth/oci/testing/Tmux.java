package dev.berth.oci.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real pseudo-terminal for the interactive tests: a tmux server of its own runs one command in a window of a set
 * size; the test types into it, resizes it and reads its screen. Close it to end the server and what it runs.
 */
public final class Tmux implements AutoCloseable {
    private final String server = "berth-test-" + UUID.randomUUID();

    /** Runs {@code command} (a shell command line) in a window of {@code columns} by {@code rows}. */
    public void start(int columns, int rows, String command) {
        tmux("new-session", "-d", "-s", server, "-x", Integer.toString(columns), "-y", Integer.toString(rows),
                command);
    }

    /** Types {@code keys} (tmux key names: {@code Enter}, {@code C-p}, or text). */
    public void send(String... keys) {
        List<String> args = new ArrayList<>(List.of("send-keys", "-t", server));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /**
     * Resizes the window, then types {@code keys} in the same tmux command line: they follow the resize at once, so
     * what they run must already find the new size.
     */
    public void resizeThenSend(int columns, int rows, String... keys) {
        List<String> args = new ArrayList<>(List.of("resize-window", "-t", server, "-x", Integer.toString(columns),
                "-y", Integer.toString(rows), ";", "send-keys", "-t", server));
        args.addAll(List.of(keys));
        tmux(args.toArray(String[]::new));
    }

    /** The screen once it satisfies {@code condition}; fails with what it shows after a minute. */
    public String awaitScreen(Predicate<String> condition) {
        return awaitScreen(condition, Duration.ofSeconds(60));
    }

    /** The screen once it satisfies {@code condition}; fails with what it shows after {@code limit}. */
    public String awaitScreen(Predicate<String> condition, Duration limit) {
        Instant deadline = Instant.now().plus(limit);
        String screen = "";
        while (Instant.now().isBefore(deadline)) {
            screen = tmux("capture-pane", "-p", "-t", server);
            if (condition.test(screen)) {
                return screen;
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            }
        }
        throw new AssertionError("screen never showed what was expected; it shows:\n" + screen);
    }

    /** Ends the server and what runs in it; a server that has already ended is fine. */
    @Override
    public void close() {
        run(List.of("tmux", "-L", server, "kill-server"));
    }

    private String tmux(String... args) {
        List<String> argv = new ArrayList<>(List.of("tmux", "-L", server));
        argv.addAll(List.of(args));
        Result r = run(argv);
        if (r.exit() != 0) {
            throw new AssertionError(String.join(" ", argv) + " exited " + r.exit() + ": " + r.err());
        }
        return r.out();
    }

    private record Result(int exit, String out, String err) {}

    private static Result run(List<String> argv) {
        try {
            Process p = new ProcessBuilder(argv).start();
            p.getOutputStream().close();
            CompletableFuture<String> err = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    err.complete(new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    err.completeExceptionally(e);
                }
            });
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", argv) + " did not finish within 30 s");
            }
            return new Result(p.exitValue(), out, err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(String.join(" ", argv), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + String.join(" ", argv), e);
        }
    }
}
