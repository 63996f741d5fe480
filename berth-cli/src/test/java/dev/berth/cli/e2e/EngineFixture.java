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
 * {@code BERTH_TEST_DAEMON} (e.g. {@code unix:///run/berth/berth.sock} for berthd); {@code berthd} there starts a
 * private berthd of this checkout (its surefire execution {@code berthd}: berth against berthd, beside the docker CLI
 * against it); else a private dockerd is started here. A private daemon has its own data root, exec root and socket
 * under /tmp. The registry is a CNCF distribution ({@code docker-registry}) on a free loopback port, filled with the
 * test images by skopeo; loopback registries are plain-http for both daemons by default.
 */
public final class EngineFixture implements AutoCloseable {
    private static final List<String> IMAGES = List.of("hello-world", "busybox", "busybox-multiarch");

    private final Path dir;
    private final String host;
    private final String registry;
    private final List<Process> processes = new ArrayList<>();
    private boolean berthd;

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
            boolean privateDaemon = external == null || external.equals("berthd");
            EngineFixture f = new EngineFixture(dir, privateDaemon ? "unix://" + dir.resolve("d.sock") : external,
                    "127.0.0.1:" + port);
            try {
                f.startRegistry(port);
                if (external == null) {
                    f.startDockerd();
                } else if (privateDaemon) {
                    f.startBerthd();
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

    /** The data root of the berthd this fixture started, if it started one: what its leak checks look under. */
    public java.util.Optional<Path> berthdDataRoot() {
        return berthd ? java.util.Optional.of(dir.resolve("data")) : java.util.Optional.empty();
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

    /**
     * berthd from the test class path, with a bridge of its own (name and /24 picked at random) so that it shares
     * none with another daemon on the host; its containers are removed before it stops (see {@link #close}).
     */
    private void startBerthd() throws IOException {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath, "dev.berth.engine.DaemonMain",
                "--data-root", dir.resolve("data").toString(), "--host", host,
                "--bridge", "bc" + Integer.toHexString(r.nextInt(0x100000, 0xffffff)),
                "--bip", "10." + r.nextInt(200, 250) + "." + r.nextInt(0, 256) + ".1/24", "--ip", "127.0.0.1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("berthd.log").toFile()).start());
        berthd = true;
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
        if (berthd) {
            // berthd leaves containers running when it stops (live restore): they go first, with their mounts.
            Map<String, String> env = Map.of("DOCKER_HOST", host, "DOCKER_CONFIG", dir.resolve("docker").toString());
            List<String> rm = new ArrayList<>(List.of(Clients.DOCKER, "rm", "-f", "-v"));
            rm.addAll(Processes.run(List.of(Clients.DOCKER, "ps", "-aq"), env, new byte[0]).out().lines().toList());
            if (rm.size() > 4) {
                Processes.run(rm, env, new byte[0]);
            }
        }
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
