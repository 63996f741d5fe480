package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.config.DataRoot;
import dev.berth.engine.config.RuntimeStateDir;
import dev.berth.oci.layer.FileTree;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * berthd as a process: the API over its unix socket as raw HTTP (curl), one daemon per data root, a config file with
 * flags over it, and a clean shutdown on SIGTERM.
 */
class DaemonProcessTest {
    private Path dir;
    private final List<Process> started = new ArrayList<>();

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "berthd-proc-");
    }

    @AfterEach
    void tearDown() throws Exception {
        for (Process p : started) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        // A daemon killed leaves its runtime state (a tmpfs's) to the next over its data root; no container ran here.
        FileTree.delete(RuntimeStateDir.of(new DataRoot(dir.resolve("root"))).dir());
        FileTree.delete(dir);
    }

    private Process berthd(String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath(), DaemonMain.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("berthd-" + started.size() + ".log").toFile()).start();
        started.add(p);
        return p;
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private void awaitSocket(Path socket, Process p) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(socket)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("berthd did not start: " + log(0));
            }
            Thread.sleep(100);
        }
    }

    private String log(int i) throws IOException {
        return Files.readString(dir.resolve("berthd-" + i + ".log"));
    }

    private static String curl(Path socket, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("curl", "-s", "-i", "--unix-socket", socket.toString()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(30, TimeUnit.SECONDS);
        return out.replace("\r\n", "\n");
    }

    @Test
    void servesTheApi_refusesASecondDaemon_andStopsCleanlyOnSigterm() throws Exception {
        Path socket = dir.resolve("api.sock");
        Path config = Files.writeString(dir.resolve("daemon.json"),
                "{\"data-root\": \"" + dir.resolve("from-file") + "\", \"log-level\": \"warn\"}");
        Process daemon = berthd("--config", config.toString(), "--data-root", dir.resolve("root").toString(),
                "--host", "unix://" + socket);
        awaitSocket(socket, daemon);
        assertThat(dir.resolve("root/berthd.pid")).exists();
        assertThat(dir.resolve("from-file")).doesNotExist();

        String ping = curl(socket, "http://d/_ping");
        assertThat(ping).startsWith("HTTP/1.1 200 OK").contains("Api-Version: 1.50", "Ostype: linux",
                "Builder-Version: 1", "Docker-Experimental: false",
                "Cache-Control: no-cache, no-store, must-revalidate").endsWith("\nOK");
        assertThat(curl(socket, "-I", "http://d/v1.41/_ping")).startsWith("HTTP/1.1 200 OK").contains("Api-Version: 1.50");
        assertThat(curl(socket, "http://d/v1.12/version")).startsWith("HTTP/1.1 400").contains(
                "{\"message\":\"client version 1.12 is too old. Minimum supported API version is 1.24, please"
                        + " upgrade your client to a newer version\"}");
        assertThat(curl(socket, "http://d/v1.50/nothing/here")).startsWith("HTTP/1.1 404")
                .contains("{\"message\":\"page not found\"}");
        assertThat(curl(socket, "http://d/images/nope/json")).startsWith("HTTP/1.1 404")
                .contains("{\"message\":\"No such image: nope:latest\"}");
        assertThat(curl(socket, "http://d/v1.43/images/json")).startsWith("HTTP/1.1 200").endsWith("\n[]");

        Process second = berthd("--data-root", dir.resolve("root").toString(), "--host",
                "unix://" + dir.resolve("other.sock"));
        assertThat(second.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(second.exitValue()).isEqualTo(1);
        assertThat(log(1)).contains("pid file found", "is another instance of berthd running?");

        daemon.destroy();
        assertThat(daemon.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(socket).doesNotExist();
        assertThat(dir.resolve("root/berthd.pid")).doesNotExist();
    }

    @Test
    void daemonKilledDuringPull_restartsWithoutTheImage_andThePullResumesWhereItStopped() throws Exception {
        long cut = 2_000_000;
        try (dev.berth.client.testing.DistributionRegistry registry =
                dev.berth.client.testing.DistributionRegistry.open(dir.resolve("registry"));
                dev.berth.client.testing.FrontProxy proxy = new dev.berth.client.testing.FrontProxy(registry.uri())) {
            registry.push(dev.berth.oci.layout.TestImages.layout("multi-layer"), "library/big:latest");
            Path socket = dir.resolve("api.sock");
            String[] args = {"--data-root", dir.resolve("root").toString(), "--host", "unix://" + socket};
            Process daemon = berthd(args);
            awaitSocket(socket, daemon);
            dev.berth.engine.testing.DockerCli docker =
                    new dev.berth.engine.testing.DockerCli("unix://" + socket, dir.resolve("docker-config"));
            String image = proxy.host() + "/library/big";
            ProcessBuilder pb = new ProcessBuilder(dev.berth.engine.testing.DockerCli.BINARY, "pull", image)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("pull.log").toFile());
            pb.environment().put("DOCKER_HOST", "unix://" + socket);
            pb.environment().put("DOCKER_CONFIG", dir.resolve("docker-config").toString());
            proxy.pauseBlobsAfter(cut);
            Process pull = pb.start();
            pull.getOutputStream().close();
            proxy.awaitPaused();
            long received = awaitIngest(dir.resolve("root"));
            daemon.destroyForcibly();
            daemon.waitFor(30, TimeUnit.SECONDS);
            proxy.releaseCut();
            pull.waitFor(60, TimeUnit.SECONDS);
            assertThat(pull.exitValue()).as("the interrupted pull fails").isNotZero();

            Files.deleteIfExists(socket); // left by the kill; the new daemon replaces it, the test waits for that
            Process restarted = berthd(args);
            awaitSocket(socket, restarted);
            assertThat(docker.run("images", "-q", image).orFail().out()).isEmpty();
            proxy.clearSeen();
            assertThat(docker.run("pull", image).orFail().lines()).contains("Status: Downloaded newer image for "
                    + image + ":latest");
            assertThat(docker.run("image", "inspect", "--format", "{{len .RootFS.Layers}}", image).orFail().out())
                    .isEqualTo("5\n");
            assertThat(proxy.seen()).as("the layer cut by the kill is fetched from where it stopped")
                    .anySatisfy(s -> assertThat(s.range()).hasValueSatisfying(r -> assertThat(
                            Long.parseLong(r.substring("bytes=".length(), r.length() - 1)))
                            .isBetween(received, cut)));
        }
    }

    /** Waits until the daemon has written some of the held layer to its content store's ingest; returns how much. */
    private static long awaitIngest(Path root) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (Files.isDirectory(root.resolve("content/ingest"))) {
                try (java.util.stream.Stream<Path> files = Files.walk(root.resolve("content/ingest"))) {
                    long most = files.filter(p -> p.getFileName().toString().equals("data"))
                            .mapToLong(p -> p.toFile().length()).max().orElse(0);
                    if (most > 0) {
                        return most;
                    }
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("nothing was written to " + root.resolve("content/ingest"));
    }

    private static void awaitLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(log) || !Files.readString(log).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + text + "\" in " + log);
            }
            Thread.sleep(20);
        }
    }

    @Test
    void unknownConfigKey_stopsTheStart() throws Exception {
        Path config = Files.writeString(dir.resolve("daemon.json"), "{\"storage-driver\": \"overlay2\"}");
        Process daemon = berthd("--config", config.toString(), "--data-root", dir.resolve("root").toString(),
                "--host", "unix://" + dir.resolve("api.sock"));
        assertThat(daemon.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(daemon.exitValue()).isEqualTo(1);
        assertThat(log(0)).contains("the following directives don't match any configuration option: storage-driver");
    }
}
