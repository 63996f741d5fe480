package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.layer.FileTree;
import dev.berth.oci.spec.Json;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.Leaks;
import dev.berth.engine.testing.TestArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * berthd killed with SIGKILL while containers run: they keep running under their conmon, and the next berthd lists
 * them, streams their logs, records their exits (also those it missed) and honours restart policies.
 */
class LiveRestoreTest {
    private Path dir;
    private Process berthd;
    private DockerCli docker;
    private final List<String> ids = new ArrayList<>();
    /** Both daemons' default bridge: the test's own, as berth0 may belong to a daemon running beside it. */
    private final dev.berth.engine.config.BridgeConfig bridge = dev.berth.engine.testing.RunningDaemon.testBridge();

    @BeforeEach
    void setUp() throws Exception {
        RootOnly.assume();
        dir = Files.createTempDirectory(Path.of("/tmp"), "berthd-live-");
        docker = new DockerCli("unix://" + dir.resolve("api.sock"), dir.resolve("docker-config"));
        startDaemon(0);
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (dir == null) {
            return;
        }
        try {
            if (berthd != null && berthd.isAlive()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(docker.run("ps", "-aq", "--no-trunc").lines());
                if (rm.size() > 2) {
                    docker.run(rm.toArray(String[]::new));
                }
                berthd.destroy();
                berthd.waitFor(30, TimeUnit.SECONDS);
            }
            Leaks.assertNone(dir.resolve("root"), ids);
        } finally {
            if (berthd != null) {
                berthd.destroyForcibly();
            }
            for (int i = 0; i < 2; i++) {
                Path log = dir.resolve("berthd-" + i + ".log");
                if (Files.exists(log)) {
                    System.err.println("berthd-" + i + ".log:\n" + Files.readString(log));
                }
            }
            FileTree.delete(dir);
        }
    }

    private void startDaemon(int n) throws Exception {
        Path socket = dir.resolve("api.sock");
        Files.deleteIfExists(socket);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath(), DaemonMain.class.getName(),
                "--data-root", dir.resolve("root").toString(), "--host", "unix://" + socket,
                "--bridge", bridge.bridge(), "--bip", bridge.bip().orElseThrow(), "--ip", bridge.ip());
        berthd = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("berthd-" + n + ".log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (docker.run("version", "--format", "{{.Server.Version}}").exitCode() != 0) {
            if (!berthd.isAlive() || System.nanoTime() > deadline) {
                throw new AssertionError("berthd did not start: " + Files.readString(dir.resolve("berthd-" + n
                        + ".log")));
            }
            Thread.sleep(200);
        }
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    private String run(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "-d"));
        all.addAll(List.of(args));
        String id = docker.run(all.toArray(String[]::new)).orFail().out().strip();
        ids.add(id);
        return id;
    }

    @Test
    void sigkillOfTheDaemon_leavesContainersRunning_andTheNextDaemonTakesThemOver() throws Exception {
        String counter = run("--name", "counter", "busybox", "sh", "-c",
                "trap 'exit 7' USR1; i=0; while :; do echo tick $i; i=$((i+1)); sleep 0.25; done");
        String quick = run("--name", "quick", "busybox", "sh", "-c", "sleep 2; exit 3");
        String always = run("--name", "always", "--restart", "always", "busybox", "sh", "-c", "sleep 2; exit 1");
        Thread.sleep(500);
        berthd.destroyForcibly();
        berthd.waitFor(30, TimeUnit.SECONDS);
        assertThat(Leaks.conmons(dir.resolve("root"))).as("conmons outlive the daemon").hasSizeGreaterThanOrEqualTo(2);
        // quick and always exit on their own while no daemon runs; each conmon writes the exit down and ends.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (Leaks.conmons(dir.resolve("root")).size() > 1 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(Leaks.conmons(dir.resolve("root"))).as("only counter's conmon is left").hasSize(1);

        startDaemon(1);
        assertThat(docker.run("ps", "--format", "{{.Names}}").orFail().lines()).contains("counter");
        assertThat(docker.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", quick).orFail().out())
                .as("an exit missed while no daemon ran is recorded").isEqualTo("exited 3\n");
        assertThat(docker.run("logs", counter).orFail().out()).startsWith("tick 0\ntick 1\n");

        // Attached through the conmon the previous daemon started: live output, then the exit as the CLI's status.
        Process attach = docker.command("attach", counter).redirectErrorStream(true).start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                attach.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            CompletableFuture<String> firstTick = CompletableFuture.supplyAsync(() -> {
                try {
                    return out.readLine();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertThat(firstTick.get(30, TimeUnit.SECONDS)).as("live output through attach").matches("tick \\d+");
            docker.run("kill", "--signal", "USR1", counter).orFail();
            assertThat(attach.waitFor(30, TimeUnit.SECONDS)).as("attach ends with the container").isTrue();
            assertThat(attach.exitValue()).as("attach exits with the container's code").isEqualTo(7);
        } finally {
            attach.destroyForcibly();
        }
        assertThat(docker.run("wait", counter).orFail().out()).isEqualTo("7\n");
        String restarts = docker.run("inspect", "-f", "{{.RestartCount}}", always).orFail().out().strip();
        assertThat(Integer.parseInt(restarts)).as("restart policy honoured after the daemon restart")
                .isGreaterThanOrEqualTo(1);
    }

    @Test
    void removalTheDaemonDidNotFinish_isFinishedByTheNextDaemon() throws Exception {
        String id = docker.run("create", "--name", "halfgone", "busybox", "true").orFail().out().strip();
        ids.add(id);
        berthd.destroyForcibly();
        berthd.waitFor(30, TimeUnit.SECONDS);
        // What a daemon killed inside a removal leaves: the record marked as removing, the layer still there.
        Path record = dir.resolve("root/containers").resolve(id).resolve("container.json");
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(record.toFile());
        ((ObjectNode) json.get("State")).put("Status", "removing");
        Files.write(record, Json.MAPPER.writeValueAsBytes(json));

        startDaemon(1);
        assertThat(docker.run("ps", "-a", "--format", "{{.Names}}").orFail().lines()).doesNotContain("halfgone");
        assertThat(dir.resolve("root/snapshots").resolve(id)).as("its container layer").doesNotExist();
        docker.run("create", "--name", "halfgone", "busybox", "true").orFail();
    }
}
