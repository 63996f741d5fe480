package dev.berth.registry.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A private dockerd (Debian {@code docker.io}) for tests: its own data root, exec root, socket and pid file under a
 * temporary directory, no bridge and no iptables rules (pull and push need no container network), and its own
 * {@code DOCKER_CONFIG} so {@code docker login} never touches the user's credentials. {@link #close} stops it by its
 * pid and removes everything.
 */
public final class Dockerd implements AutoCloseable {
    public static final Path DOCKERD = Path.of("/usr/sbin/dockerd");
    public static final Path DOCKER = Path.of("/usr/local/bin/docker");

    private final Path dir;
    private final Process process;

    /** The outcome of one docker CLI command. */
    public record Result(int exitCode, String output) {
        public Result requireSuccess(String what) {
            if (exitCode != 0) {
                throw new IllegalStateException(what + " failed (" + exitCode + "): " + output);
            }
            return this;
        }
    }

    private Dockerd(Path dir, Process process) {
        this.dir = dir;
        this.process = process;
    }

    public static boolean available() {
        return Files.isExecutable(DOCKERD) && Files.isExecutable(DOCKER) && "root".equals(System.getProperty("user.name"));
    }

    /** Starts dockerd and waits until it answers. */
    public static Dockerd start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("berth-reg-dockerd");
        Files.createDirectories(dir.resolve("config"));
        Process p = new ProcessBuilder(DOCKERD.toString(), "--data-root", dir.resolve("data").toString(),
                "--exec-root", dir.resolve("exec").toString(), "-H", "unix://" + dir.resolve("docker.sock"),
                "--pidfile", dir.resolve("docker.pid").toString(), "--bridge=none", "--iptables=false",
                "--ip6tables=false", "--storage-driver=vfs")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        Dockerd d = new Dockerd(dir, p);
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (d.docker("version", "--format", "{{.Server.Version}}").exitCode() != 0) {
            if (!p.isAlive() || Instant.now().isAfter(deadline)) {
                String log = Files.readString(dir.resolve("dockerd.log"));
                d.close();
                throw new IOException("dockerd did not start: " + log);
            }
            Thread.sleep(250);
        }
        return d;
    }

    /** Runs the docker CLI against this daemon. */
    public Result docker(String... args) throws IOException, InterruptedException {
        return dockerWithInput(null, args);
    }

    /** Runs the docker CLI with {@code stdin} as its input (for {@code --password-stdin}). */
    public Result dockerWithInput(String stdin, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(DOCKER.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("DOCKER_HOST", "unix://" + dir.resolve("docker.sock"));
        pb.environment().put("DOCKER_CONFIG", dir.resolve("config").toString());
        Process p = pb.start();
        if (stdin != null) {
            p.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("docker " + String.join(" ", args) + " timed out");
        }
        return new Result(p.exitValue(), out);
    }

    @Override
    public void close() throws IOException {
        process.destroy(); // SIGTERM to our own dockerd, which stops the containerd it started
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            new ProcessBuilder("umount", "-R", dir.resolve("exec").toString()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while stopping dockerd", e);
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
