package dev.berth.cli.e2e;

import dev.berth.oci.layout.TestImages;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The daemon and registry the end-to-end tests drive, shared by all test classes of a run.
 *
 * <p>The daemon is the one named by the system property {@code berth.test.daemon} or the environment variable
 * {@code BERTH_TEST_DAEMON} (e.g. {@code unix:///run/berth/berth.sock} for berthd), else a private dockerd started
 * here with its own data root, exec root and socket under /tmp. The registry is a CNCF distribution
 * ({@code docker-registry}) on a free loopback port, filled with the test images by skopeo; loopback registries are
 * plain-http for dockerd by default.
 */
public final class EngineFixture implements AutoCloseable {
    private static final List<String> IMAGES = List.of("hello-world", "busybox", "busybox-multiarch");

    private final Path dir;
    private final String host;
    private final String registry;
    private final List<Process> processes = new ArrayList<>();

    private EngineFixture(Path dir, String host, String registry) {
        this.dir = dir;
        this.host = host;
        this.registry = registry;
    }

    static EngineFixture start() {
        try {
            Path dir = Files.createTempDirectory(Path.of("/tmp"), "berth-cli-e2e-");
            String external = System.getProperty("berth.test.daemon", System.getenv("BERTH_TEST_DAEMON"));
            int port = freePort();
            EngineFixture f = new EngineFixture(dir, external != null ? external : "unix://" + dir.resolve("d.sock"),
                    "127.0.0.1:" + port);
            try {
                f.startRegistry(port);
                if (external == null) {
                    f.startDockerd();
                }
                f.awaitSocket();
                f.seedRegistry();
                return f;
            } catch (RuntimeException e) {
                f.close();
                throw e;
            }
        } catch (IOException e) {
            throw new UncheckedIOException("start end-to-end fixture", e);
        }
    }

    /** The daemon address, as {@code -H} and {@code DOCKER_HOST} take it. */
    public String host() {
        return host;
    }

    /** {@code 127.0.0.1:PORT} of the registry holding {@code library/hello-world}, {@code library/busybox}, … */
    public String registry() {
        return registry;
    }

    public Path scratch() {
        return dir;
    }

    private void startRegistry(int port) throws IOException {
        Path config = dir.resolve("registry.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: error
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                http:
                  addr: 127.0.0.1:%d
                """.formatted(dir.resolve("registry"), port));
        processes.add(new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("registry.log").toFile()).start());
    }

    private void startDockerd() throws IOException {
        processes.add(new ProcessBuilder("/usr/sbin/dockerd", "--data-root", dir.resolve("data").toString(),
                "-H", host, "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(), "--bridge=none", "--iptables=false")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start());
    }

    private void awaitSocket() {
        Path socket = Path.of(host.substring("unix://".length()));
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (Instant.now().isBefore(deadline)) {
            try {
                SocketChannel.open(UnixDomainSocketAddress.of(socket)).close();
                return;
            } catch (IOException notYet) {
                sleep();
            }
        }
        throw new IllegalStateException("daemon did not listen on " + host + " within 60 s; see " + dir);
    }

    private void seedRegistry() {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        for (String image : IMAGES) {
            while (true) {
                Processes.Run r = Processes.run(List.of("skopeo", "copy", "--all", "--dest-tls-verify=false",
                        "oci:" + TestImages.layout(image) + ":latest",
                        "docker://" + registry + "/library/" + image + ":latest"), Map.of(), new byte[0]);
                if (r.exit() == 0) {
                    break;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("skopeo copy " + image + ": " + r.err());
                }
                sleep();
            }
        }
    }

    @Override
    public void close() {
        for (Process p : processes.reversed()) {
            p.destroy();
            try {
                if (!p.waitFor(java.time.Duration.ofSeconds(30))) {
                    p.destroyForcibly().waitFor();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted stopping " + p.info().command().orElse("?"), e);
            }
        }
        Processes.run(List.of("rm", "-rf", dir.toString()), Map.of(), new byte[0]);
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
