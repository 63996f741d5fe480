package dev.berth.engine.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The real docker CLI ({@code /usr/local/bin/docker}, 28) pointed at one daemon, with a config directory of its own so
 * the machine's {@code ~/.docker} is neither read nor written.
 */
public record DockerCli(String host, Path configDir) {
    /** The docker CLI 28 where it is installed (what the issue targets), else the distribution's. */
    public static final String BINARY = java.nio.file.Files.isExecutable(Path.of("/usr/local/bin/docker"))
            ? "/usr/local/bin/docker" : "docker";

    /** What one command printed and how it exited. */
    public record Result(int exitCode, String out, String err) {
        public Result orFail() {
            if (exitCode != 0) {
                throw new AssertionError("docker exited " + exitCode + ": " + err + out);
            }
            return this;
        }

        public List<String> lines() {
            return out.lines().toList();
        }
    }

    public Result run(String... args) {
        return run(null, args);
    }

    /** Runs {@code docker args…}, feeding {@code stdin} (a file) when given. */
    public Result run(Path stdin, String... args) {
        return run(stdin, java.time.Duration.ofSeconds(120), args);
    }

    /** Runs {@code docker args…}, failing when it has not finished within {@code limit} (a daemon that hangs). */
    public Result runWithin(java.time.Duration limit, String... args) {
        return run(null, limit, args);
    }

    private Result run(Path stdin, java.time.Duration limit, String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DOCKER_HOST", host);
        pb.environment().put("DOCKER_CONFIG", configDir.toString());
        pb.environment().remove("DOCKER_CONTEXT");
        if (stdin != null) {
            pb.redirectInput(stdin.toFile());
        }
        try {
            Process p = pb.start();
            if (stdin == null) {
                p.getOutputStream().close();
            }
            CompletableFuture<String> out = read(p.getInputStream());
            CompletableFuture<String> err = read(p.getErrorStream());
            if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("docker " + String.join(" ", args) + " did not finish within " + limit);
            }
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /**
     * Starts {@code docker args…} without waiting for it, its output discarded and stdin left open (an attached
     * client); the caller ends it.
     */
    public Process start(String... args) {
        try {
            return command(args).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Starts {@code docker args…} that runs on while the test goes on (e.g. {@code logs -f}), stdin closed, stderr
     * discarded, stdout read on a thread of its own: the common pool (one thread on two cores) reads the other
     * commands' output.
     */
    public Background background(String... args) {
        try {
            Process p = command(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            p.getOutputStream().close();
            CompletableFuture<String> out = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try (InputStream in = p.getInputStream()) {
                    out.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                } catch (IOException e) {
                    out.completeExceptionally(e);
                }
            });
            return new Background(p, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A command started by {@link #background}; closing it kills it. */
    public record Background(Process process, CompletableFuture<String> out) implements AutoCloseable {
        /** Its whole output, once it has ended by itself within {@code limit}. */
        public String await(java.time.Duration limit) throws Exception {
            if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("docker " + process.info().arguments().map(a -> String.join(" ", a)).orElse("")
                        + " did not end within " + limit);
            }
            return out.get(10, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    /** {@code docker args…} with this CLI's environment, for the caller to start and read as it needs. */
    public ProcessBuilder command(String... args) {
        List<String> command = new ArrayList<>();
        command.add(BINARY);
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("DOCKER_HOST", host);
        pb.environment().put("DOCKER_CONFIG", configDir.toString());
        pb.environment().remove("DOCKER_CONTEXT");
        return pb;
    }

    /** Runs a shell pipeline with this CLI's environment, e.g. {@code docker save busybox | docker load}. */
    public Result shell(String script) {
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-o", "pipefail", "-c", script);
        pb.environment().put("DOCKER_HOST", host);
        pb.environment().put("DOCKER_CONFIG", configDir.toString());
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            CompletableFuture<String> out = read(p.getInputStream());
            CompletableFuture<String> err = read(p.getErrorStream());
            p.waitFor(120, TimeUnit.SECONDS);
            return new Result(p.exitValue(), out.join(), err.join());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static CompletableFuture<String> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
