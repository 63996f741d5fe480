package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.config.DataRoot;
import dev.berth.engine.config.RuntimeStateDir;
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
        int ticksBefore = docker.run("logs", counter).orFail().lines().size();
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
        List<String> ticks = docker.run("logs", counter).orFail().lines();
        assertThat(ticks).startsWith("tick 0", "tick 1");
        assertThat(ticks.size()).as("it ran on, and conmon logged it, while no daemon ran").isGreaterThan(ticksBefore);

        // Followed and attached through the conmon the previous daemon started: live output, then the exit.
        DockerCli.Background follow = docker.background("logs", "-f", counter);
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
            String live = firstTick.get(30, TimeUnit.SECONDS);
            assertThat(live).as("live output through attach").matches("tick \\d+");
            docker.run("kill", "--signal", "USR1", counter).orFail();
            assertThat(attach.waitFor(30, TimeUnit.SECONDS)).as("attach ends with the container").isTrue();
            assertThat(attach.exitValue()).as("attach exits with the container's code").isEqualTo(7);
            assertThat(follow.await(java.time.Duration.ofSeconds(30)).lines().toList())
                    .as("logs -f streams the taken-over container to its end").startsWith("tick 0").contains(live);
        } finally {
            attach.destroyForcibly();
            follow.close();
        }
        assertThat(docker.run("wait", counter).orFail().out()).isEqualTo("7\n");
        String restarts = docker.run("inspect", "-f", "{{.RestartCount}}", always).orFail().out().strip();
        assertThat(Integer.parseInt(restarts)).as("restart policy honoured after the daemon restart")
                .isGreaterThanOrEqualTo(1);
    }

    /**
     * The next daemon starts what dockerd's restore starts: exited containers whose policy says so, {@code always}
     * even after a stop by hand, {@code unless-stopped} only without one; the count starts over, as a user's start.
     */
    @Test
    void restartPolicies_atTheNextDaemonsStart_bringBackAlways_butNotUnlessStoppedStoppedByHand() throws Exception {
        String always = run("--name", "always-stopped", "--restart", "always", "busybox", "sleep", "1000");
        String unlessStopped = run("--name", "unless-stopped", "--restart", "unless-stopped", "busybox", "sleep",
                "1000");
        String unlessRunning = run("--name", "unless-running", "--restart", "unless-stopped", "busybox", "sleep",
                "1000");
        String none = run("--name", "no-policy", "busybox", "sleep", "1000");
        docker.run("stop", "-t", "0", always, unlessStopped, none).orFail();
        String runningSince = docker.run("inspect", "-f", "{{.State.StartedAt}}", unlessRunning).orFail().out();
        Thread.sleep(500);
        assertThat(docker.run("ps", "--format", "{{.Names}}").orFail().lines()).as("a stop by hand holds")
                .containsExactly("unless-running");
        berthd.destroyForcibly();
        berthd.waitFor(30, TimeUnit.SECONDS);

        startDaemon(1);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!docker.run("inspect", "-f", "{{.State.Running}}", always).orFail().out().equals("true\n")
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(docker.run("inspect", "-f", "{{.State.Status}} {{.RestartCount}}", always).orFail().out())
                .as("always, stopped by hand: started with the daemon").isEqualTo("running 0\n");
        assertThat(docker.run("inspect", "-f", "{{.State.Status}} {{.State.StartedAt}}", unlessRunning).orFail()
                .out()).as("running all along, taken over").isEqualTo("running " + runningSince);
        assertThat(docker.run("inspect", "-f", "{{.State.Status}}", unlessStopped, none).orFail().lines())
                .as("unless-stopped stopped by hand, and no policy: left exited").containsExactly("exited", "exited");
        docker.run("stop", "-t", "0", always).orFail();
        assertThat(docker.run("inspect", "-f", "{{.State.Status}}", always).orFail().out())
                .as("the started one is the daemon's again: a stop holds").isEqualTo("exited\n");
    }

    @Test
    void aStartTheDaemonDidNotRecord_leavesARunningContainer_thatTheNextDaemonKnowsRunning() throws Exception {
        String id = run("--name", "halfstarted", "busybox", "sleep", "1000");
        berthd.destroyForcibly();
        berthd.waitFor(30, TimeUnit.SECONDS);
        // What a daemon killed inside a start leaves when the runtime's start ended before the record's update.
        recordStatus(id, "created");

        startDaemon(1);
        assertThat(docker.run("inspect", "-f", "{{.State.Status}}", id).orFail().out()).isEqualTo("running\n");
        assertThat(docker.run("ps", "--format", "{{.Names}}").orFail().lines()).contains("halfstarted");
        docker.run("stop", "-t", "0", id).orFail();
        assertThat(docker.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", id).orFail().out())
                .isEqualTo("exited 137\n");
        docker.run("start", id).orFail();
        assertThat(docker.run("inspect", "-f", "{{.State.Status}}", id).orFail().out()).isEqualTo("running\n");
    }

    @Test
    void removalTheDaemonDidNotFinish_isFinishedByTheNextDaemon() throws Exception {
        String id = docker.run("create", "--name", "halfgone", "busybox", "true").orFail().out().strip();
        ids.add(id);
        berthd.destroyForcibly();
        berthd.waitFor(30, TimeUnit.SECONDS);
        // What a daemon killed inside a removal leaves: the record marked as removing, the layer still there.
        recordStatus(id, "removing");

        startDaemon(1);
        assertThat(docker.run("ps", "-a", "--format", "{{.Names}}").orFail().lines()).doesNotContain("halfgone");
        assertThat(dir.resolve("root/snapshots").resolve(id)).as("its container layer").doesNotExist();
        docker.run("create", "--name", "halfgone", "busybox", "true").orFail();
    }

    /**
     * The runtime state lives on a tmpfs, which a reboot empties: the next daemon still has the container's record
     * and its log (on the data root, as dockerd's), runs it again and removes it; a clean stop with no container
     * left removes the daemon's runtime state directory.
     */
    @Test
    void runtimeStateLostAsByAReboot_leavesTheRecordAndLog_andACleanStopRemovesTheStateDirectory()
            throws Exception {
        Path state = RuntimeStateDir.of(new DataRoot(dir.resolve("root"))).dir();
        assertThat(Files.getFileStore(state).type()).isEqualTo("tmpfs");
        assertThat(docker.run("run", "--name", "rebooted", "busybox", "echo", "before").orFail().out())
                .isEqualTo("before\n");
        String id = docker.run("inspect", "-f", "{{.Id}}", "rebooted").orFail().out().strip();
        ids.add(id);
        berthd.destroy();
        berthd.waitFor(30, TimeUnit.SECONDS);
        assertThat(state.resolve("containers").resolve(id)).as("an exited container's runtime state").isDirectory();
        FileTree.delete(state);

        startDaemon(1);
        assertThat(docker.run("logs", "rebooted").orFail().out()).isEqualTo("before\n");
        assertThat(docker.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", "rebooted").orFail().out())
                .isEqualTo("exited 0\n");
        docker.run("start", "rebooted").orFail();
        assertThat(docker.run("wait", "rebooted").orFail().out()).isEqualTo("0\n");
        assertThat(docker.run("logs", "rebooted").orFail().out()).isEqualTo("before\nbefore\n");
        docker.run("rm", "rebooted").orFail();
        assertThat(dir.resolve("root/containers").resolve(id)).as("its record and log").doesNotExist();
        berthd.destroy();
        berthd.waitFor(30, TimeUnit.SECONDS);
        assertThat(state).as("the runtime state directory after a clean stop").doesNotExist();
    }

    /** Sets the status in container {@code id}'s record while no daemon runs. */
    private void recordStatus(String id, String status) throws java.io.IOException {
        Path record = dir.resolve("root/containers").resolve(id).resolve("container.json");
        ObjectNode json = (ObjectNode) Json.MAPPER.readTree(record.toFile());
        ((ObjectNode) json.get("State")).put("Status", status);
        Files.write(record, Json.MAPPER.writeValueAsBytes(json));
    }

    @Test
    void autoRemoveContainerThatExited_isRemovedByTheNextDaemon_asByDockerd() throws Exception {
        String id = run("--rm", "--name", "rmexited", "busybox", "sleep", "1");
        berthd.destroyForcibly();
        berthd.waitFor(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Leaks.conmons(dir.resolve("root")).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        // A --rm container's exit and removal are kept in memory only: a daemon killed inside them leaves the record
        // as running (an exit missed, then the removal), or as exited where a save (a rename) came between.
        recordStatus(id, "exited");

        startDaemon(1);
        assertThat(docker.run("ps", "-a", "--format", "{{.Names}}").orFail().lines()).doesNotContain("rmexited");
        assertThat(dir.resolve("root/snapshots").resolve(id)).as("its container layer").doesNotExist();
        ids.add(docker.run("create", "--name", "rmexited", "busybox", "true").orFail().out().strip());
    }

    /** dockerd's restore removes every AutoRemove container that does not run, one never started too (20.10 here). */
    @Test
    void autoRemoveContainerNeverStarted_isRemovedByTheNextDaemon_asByDockerd() throws Exception {
        String rm = docker.run("create", "--rm", "--name", "rmcreated", "busybox", "true").orFail().out().strip();
        ids.add(rm);
        ids.add(docker.run("create", "--name", "created", "busybox", "true").orFail().out().strip());
        berthd.destroy();
        berthd.waitFor(30, TimeUnit.SECONDS);

        startDaemon(1);
        assertThat(docker.run("ps", "-a", "--format", "{{.Names}}").orFail().lines()).containsExactly("created");
        assertThat(dir.resolve("root/snapshots").resolve(rm)).as("its container layer").doesNotExist();
    }

    /**
     * A log rotated with max-size and max-file: conmon goes on writing and starting it over while no daemon runs,
     * and the next daemon keeps its generations again (the count, the size, the order of what logs reads).
     */
    @Test
    void aRotatedLog_goesOnWithoutTheDaemon_andTheNextDaemonKeepsItsFiles() throws Exception {
        String id = run("--log-opt", "max-size=1k", "--log-opt", "max-file=3", "busybox", "sh", "-c",
                "for i in $(seq 1 100); do echo line $i; sleep 0.02; done;"
                        + " while [ ! -e /tmp/go ]; do sleep 0.1; done;"
                        + " for i in $(seq 101 300); do echo line $i; sleep 0.01; done");
        Thread.sleep(500);
        berthd.destroyForcibly();
        berthd.waitFor(30, TimeUnit.SECONDS);
        // Some five files' worth written and started over while no daemon runs.
        Thread.sleep(2500);

        startDaemon(1);
        docker.run("exec", id, "touch", "/tmp/go").orFail();
        assertThat(docker.run("wait", id).orFail().out()).isEqualTo("0\n");
        Path state = dir.resolve("root/containers").resolve(id);
        java.util.Map<Object, Long> files = new java.util.HashMap<>();
        try (var entries = Files.list(state)) {
            for (Path p : entries.filter(p -> p.getFileName().toString().matches("container\\.log(\\.\\d+)?"))
                    .toList()) {
                var a = Files.readAttributes(p, java.nio.file.attribute.BasicFileAttributes.class);
                files.put(a.fileKey(), a.size());
            }
        }
        assertThat(files).hasSizeBetween(2, 3);
        assertThat(files.values()).allMatch(size -> size <= 1000);
        List<String> lines = docker.run("logs", id).orFail().lines();
        int first = Integer.parseInt(lines.getFirst().substring("line ".length()));
        assertThat(first).as("the files before the restore are deleted as beyond max-file").isGreaterThan(101);
        assertThat(lines).isEqualTo(java.util.stream.IntStream.rangeClosed(first, 300).mapToObj(i -> "line " + i)
                .toList());
    }
}
