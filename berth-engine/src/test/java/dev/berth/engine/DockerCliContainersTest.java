package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.Leaks;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import dev.berth.oci.spec.Json;
import dev.berth.engine.snapshot.MountTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The container lifecycle through the real docker CLI 28: logs, stop, wait, rm, names, isolation, events. */
class DockerCliContainersTest {
    static RunningDaemon daemon;
    static DockerCli docker;
    static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        RootOnly.assume();
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemon == null) {
            return;
        }
        ids.addAll(docker.run("ps", "-aq", "--no-trunc").lines());
        if (!ids.isEmpty()) {
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(ids);
            docker.run(rm.toArray(String[]::new));
        }
        Leaks.assertNone(daemon.dataRoot(), ids);
        daemon.close();
    }

    private static String runDetached(String... args) {
        List<String> all = new ArrayList<>(List.of("run", "-d"));
        all.addAll(List.of(args));
        String id = docker.run(all.toArray(String[]::new)).orFail().out().strip();
        ids.add(id);
        return id;
    }

    private static JsonNode inspect(String id) throws IOException {
        return Json.MAPPER.readTree(docker.run("inspect", id).orFail().out()).get(0);
    }

    @Test
    void logsFollow_streamsUntilTheContainerExits_withTailAndTimestamps() throws Exception {
        String id = runDetached("busybox", "sh", "-c", "for i in 1 2 3; do echo line $i; sleep 0.3; done;"
                + " while [ ! -e /tmp/go ]; do sleep 0.1; done; echo line 4; echo err >&2");
        Process follow = docker.command("logs", "-f", id).start();
        follow.getOutputStream().close();
        // on threads of their own: the common pool has one thread on two cores
        java.util.concurrent.Executor reader = r -> Thread.ofVirtual().start(r);
        CompletableFuture<String> err = CompletableFuture.supplyAsync(() -> readAll(follow.getErrorStream()), reader);
        try (BufferedReader out = new BufferedReader(new InputStreamReader(follow.getInputStream(),
                StandardCharsets.UTF_8))) {
            CompletableFuture<String> three = CompletableFuture.supplyAsync(() -> readLines(out, 3), reader);
            assertThat(three.get(30, TimeUnit.SECONDS)).isEqualTo("line 1\nline 2\nline 3\n");
            // the container waits for /tmp/go: what follows is streamed as it comes, not read after the exit
            assertThat(follow.isAlive()).as("logs -f still follows a running container").isTrue();
            docker.run("exec", id, "touch", "/tmp/go").orFail();
            assertThat(follow.waitFor(30, TimeUnit.SECONDS)).as("logs -f ends with the container").isTrue();
            assertThat(follow.exitValue()).isZero();
            assertThat(readAll(out)).isEqualTo("line 4\n");
            assertThat(err.get(10, TimeUnit.SECONDS)).isEqualTo("err\n");
        } finally {
            follow.destroyForcibly();
        }
        assertThat(docker.run("logs", "--tail", "1", id).orFail().out()).isEmpty();
        assertThat(docker.run("logs", "--tail", "2", id).orFail().out()).isEqualTo("line 4\n");
        assertThat(docker.run("logs", "-t", "--tail", "1", id).orFail().err())
                .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z err\n");
        assertThat(docker.run("logs", "--since", "2099-01-01T00:00:00Z", id).orFail().out()).isEmpty();
    }

    private static String readLines(BufferedReader in, int count) {
        StringBuilder lines = new StringBuilder();
        try {
            for (int i = 0; i < count; i++) {
                String line = in.readLine();
                if (line == null) {
                    break;
                }
                lines.append(line).append('\n');
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return lines.toString();
    }

    private static String readAll(java.io.Reader in) {
        try {
            java.io.StringWriter all = new java.io.StringWriter();
            in.transferTo(all);
            return all.toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String readAll(java.io.InputStream in) {
        return readAll(new InputStreamReader(in, StandardCharsets.UTF_8));
    }

    @Test
    void stop_sendsSigterm_thenSigkillAfterTheTimeout() throws IOException {
        String trapping = runDetached("busybox", "sh", "-c", "trap 'exit 0' TERM; while :; do sleep 0.1; done");
        // notes the SIGTERM and goes on: only the SIGKILL ends it
        String ignoring = runDetached("busybox", "sh", "-c", "trap 'echo got TERM' TERM; echo ready;"
                + " while :; do sleep 0.1; done");
        awaitLog(ignoring, "ready\n");
        docker.run("stop", trapping).orFail();
        assertThat(inspect(trapping).at("/State/ExitCode").asInt()).isZero();
        long start = System.nanoTime();
        docker.run("stop", "-t", "2", ignoring).orFail();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        JsonNode state = inspect(ignoring).get("State");
        assertThat(state.get("Status").asText()).isEqualTo("exited");
        assertThat(state.get("ExitCode").asInt()).as("killed by SIGKILL").isEqualTo(137);
        assertThat(tookMillis).as("SIGKILL only after the timeout").isGreaterThanOrEqualTo(2000);
        String termLine = docker.run("logs", "-t", ignoring).orFail().lines().stream()
                .filter(l -> l.endsWith(" got TERM")).findFirst().orElseThrow(() -> new AssertionError(
                        "no SIGTERM before the SIGKILL: " + docker.run("logs", ignoring).out()));
        java.time.Instant term = java.time.Instant.parse(termLine.substring(0, termLine.indexOf(' ')));
        java.time.Instant killed = java.time.Instant.parse(state.get("FinishedAt").asText());
        assertThat(java.time.Duration.between(term, killed)).as("from the SIGTERM to the SIGKILL's exit: -t 2")
                .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(1800));
    }

    /** The container's own --stop-signal and --stop-timeout are what a plain docker stop uses. */
    @Test
    void stop_usesTheContainersStopSignalAndTimeout() throws IOException {
        String id = runDetached("--stop-signal", "USR1", "--stop-timeout", "1", "busybox", "sh", "-c",
                "trap 'echo got USR1' USR1; echo ready; while :; do sleep 0.1; done");
        awaitLog(id, "ready\n");
        long start = System.nanoTime();
        docker.run("stop", id).orFail();
        long tookMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(docker.run("logs", id).orFail().out()).as("its stop signal first").isEqualTo("ready\ngot USR1\n");
        assertThat(inspect(id).at("/State/ExitCode").asInt()).as("then SIGKILL").isEqualTo(137);
        assertThat(tookMillis).as("after its own timeout, not docker's 10 s default").isGreaterThanOrEqualTo(1000)
                .isLessThan(10_000);
    }

    private static void awaitLog(String id, String expected) {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!docker.run("logs", id).out().equals(expected) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
        assertThat(docker.run("logs", id).orFail().out()).isEqualTo(expected);
    }

    /** --memory holds: a process that asks for more is killed by the kernel's OOM killer, as docker reports it. */
    @Test
    void memoryLimit_isEnforced_aProcessOverItIsOomKilled_exit137() throws IOException {
        DockerCli.Result r = docker.run("run", "--name", "oom", "-m", "32m", "busybox", "sh", "-c",
                "x=$(head -c 200m /dev/zero | tr '\\0' a); echo survived");
        ids.add(inspect("oom").get("Id").asText());
        assertThat(r.exitCode()).as(r.err()).isEqualTo(137);
        assertThat(r.out()).doesNotContain("survived");
        JsonNode state = inspect("oom").get("State");
        assertThat(state.get("OOMKilled").asBoolean()).as("OOMKilled").isTrue();
        assertThat(state.get("ExitCode").asInt()).isEqualTo(137);
        assertThat(inspect("oom").at("/HostConfig/Memory").asLong()).isEqualTo(32L << 20);
    }

    @Test
    void wait_printsTheExitCode_andKillAndRestartWork() throws IOException {
        String id = runDetached("busybox", "sh", "-c", "sleep 0.5; exit 4");
        assertThat(docker.run("wait", id).orFail().out()).isEqualTo("4\n");
        docker.run("start", id).orFail();
        assertThat(docker.run("wait", id).orFail().out()).isEqualTo("4\n");
        String sleeper = runDetached("busybox", "sleep", "1000");
        docker.run("kill", "--signal", "KILL", sleeper).orFail();
        assertThat(docker.run("wait", sleeper).orFail().out()).isEqualTo("137\n");
        docker.run("restart", "-t", "0", sleeper).orFail();
        assertThat(inspect(sleeper).at("/State/Running").asBoolean()).isTrue();
        DockerCli.Result killStopped = docker.run("kill", id);
        assertThat(killStopped.exitCode()).isEqualTo(1);
        assertThat(killStopped.err()).contains("is not running");
    }

    @Test
    void runDetached_leavesNoWaitBehind_onceTheCliExited() throws IOException, InterruptedException {
        // docker run -d asks to be told of the exit before it starts the container, then exits without the answer
        runDetached("busybox", "sleep", "1000");
        String id = runDetached("busybox", "sleep", "1000");
        awaitPendingWaits(0);
        assertThat(pendingWaits()).as("wait requests still served after their clients closed").isZero();

        // The dump is read right: a client still waiting is seen, and its wait ends when it is killed.
        Process waiting = docker.start("wait", id);
        try {
            awaitPendingWaits(1);
            assertThat(pendingWaits()).as("a docker wait in progress").isEqualTo(1);
        } finally {
            waiting.destroyForcibly().waitFor();
        }
        awaitPendingWaits(0);
        assertThat(pendingWaits()).as("the killed docker wait's request").isZero();
    }

    private static void awaitPendingWaits(long count) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(10);
        while (pendingWaits() != count && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
    }

    /** Request threads (virtual, so only a thread dump lists them) blocked in a container wait. */
    private static long pendingWaits() throws IOException {
        Path dir = Files.createTempDirectory("threads");
        Path dump = dir.resolve("dump.txt");
        try {
            java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class)
                    .dumpThreads(dump.toString(), com.sun.management.HotSpotDiagnosticMXBean.ThreadDumpFormat.TEXT_PLAIN);
            return Files.readAllLines(dump).stream().filter(l -> l.contains("ContainerRoutes.await(")).count();
        } finally {
            Files.deleteIfExists(dump);
            Files.delete(dir);
        }
    }

    @Test
    void restart_ofAnAutoRemoveContainer_keepsItRunning_asDockerd() throws IOException {
        String id = runDetached("--rm", "busybox", "sleep", "1000");
        docker.run("restart", "-t", "0", id).orFail();
        JsonNode state = inspect(id).get("State");
        assertThat(state.get("Running").asBoolean()).isTrue();
        assertThat(docker.run("exec", id, "true").exitCode()).as("its root file system is still there").isZero();
    }

    @Test
    void rm_ofARunningContainer_needsForce_andNamesAreUnique() {
        String id = runDetached("--name", "unique-name", "busybox", "sleep", "1000");
        DockerCli.Result rm = docker.run("rm", "unique-name");
        assertThat(rm.exitCode()).isEqualTo(1);
        assertThat(rm.err()).contains("Error response from daemon: cannot remove container \"/unique-name\": container"
                + " is running: stop the container before removing or force remove");
        DockerCli.Result again = docker.run("run", "-d", "--name", "unique-name", "busybox", "true");
        assertThat(again.exitCode()).isEqualTo(125);
        assertThat(again.err()).contains("Conflict. The container name \"/unique-name\" is already in use by"
                + " container \"" + id + "\". You have to remove (or rename) that container to be able to reuse"
                + " that name.");
        docker.run("rename", "unique-name", "renamed").orFail();
        assertThat(docker.run("ps", "--filter", "name=renamed", "--format", "{{.Names}}").orFail().out())
                .isEqualTo("renamed\n");
        docker.run("rm", "-f", "renamed").orFail();
        assertThat(docker.run("ps", "-aq", "--filter", "id=" + id).orFail().out()).isEmpty();
        DockerCli.Result missing = docker.run("rm", "no-such-container");
        assertThat(missing.err()).contains("No such container: no-such-container");
    }

    @Test
    void aContainer_isIsolated_pid1_ownHostname_noHostProcesses_ownNetwork_ownMounts() throws IOException {
        String id = runDetached("--hostname", "boxed", "busybox", "sleep", "1000");
        DockerCli.Result r = docker.run("exec", id, "sh", "-c",
                "tr '\\0' ' ' < /proc/1/cmdline; echo; hostname; ps -o pid= | wc -l;"
                        + " cat /proc/net/dev | tail -n +3 | cut -d: -f1 | tr -d ' ';"
                        + " readlink /proc/1/ns/net; readlink /proc/1/ns/pid; readlink /proc/1/ns/mnt;"
                        + " cut -d' ' -f2,3 /proc/mounts");
        assertThat(r.exitCode()).as(r.err()).isZero();
        List<String> lines = r.lines();
        assertThat(lines.get(0)).as("its command is pid 1").isEqualTo("sleep 1000 ");
        assertThat(lines.get(1)).isEqualTo("boxed");
        assertThat(Integer.parseInt(lines.get(2).strip())).as("processes visible inside: sleep, sh, ps, wc")
                .isLessThan(5);
        assertThat(lines.get(3)).isEqualTo("lo");
        assertThat(lines.get(4)).isNotEqualTo(hostNamespace("net"));
        assertThat(lines.get(5)).isNotEqualTo(hostNamespace("pid"));
        assertThat(lines.get(6)).isNotEqualTo(hostNamespace("mnt"));
        List<String> mounts = lines.subList(7, lines.size());
        assertThat(mounts).as("its root is its own overlay").contains("/ overlay");
        // the host mounts the container's root under the data root, and more of its own: none is seen inside
        List<Path> hostOnly = MountTable.mountsUnder(daemon.dataRoot());
        assertThat(hostOnly).as("the host's mounts of the container").isNotEmpty();
        assertThat(mounts).as("no host mount inside")
                .noneMatch(m -> m.startsWith(daemon.dataRoot().toString()));
        assertThat(mounts).as("a mount point of the host's own is not one inside: " + hostMountPoints())
                .noneMatch(m -> hostMountPoints().contains(m.split(" ")[0])
                        && !m.split(" ")[0].matches("/|/proc.*|/dev.*|/sys.*|/etc/(hosts|hostname|resolv\\.conf)"));
    }

    /** The mount points the test's own (the host's) mount namespace has. */
    private static List<String> hostMountPoints() {
        try {
            return Files.readAllLines(Path.of("/proc/self/mounts")).stream().map(l -> l.split(" ")[1]).toList();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static String hostNamespace(String kind) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/ns", kind)).toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void theWritableLayer_holdsWhatTheContainerWrote_andGoesWithRm() throws IOException {
        String id = runDetached("busybox", "sh", "-c", "echo data > /written; sleep 1000");
        docker.run("exec", id, "true");
        Path upper = Path.of(inspect(id).at("/GraphDriver/Data/UpperDir").asText());
        awaitFile(upper.resolve("written"));
        assertThat(Files.readString(upper.resolve("written"))).isEqualTo("data\n");
        Path merged = Path.of(inspect(id).at("/GraphDriver/Data/MergedDir").asText());
        docker.run("rm", "-f", id).orFail();
        assertThat(upper).doesNotExist();
        assertThat(merged).doesNotExist();
    }

    private static void awaitFile(Path file) {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!Files.exists(file) && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
    }

    @Test
    void attach_toAStoppedContainer_isRefused_andCreateAttachStart_works() {
        String id = runDetached("busybox", "true");
        docker.run("wait", id).orFail();
        DockerCli.Result attach = docker.run("attach", id);
        assertThat(attach.exitCode()).isEqualTo(1);
        assertThat(attach.err()).contains("You cannot attach to a stopped container, start it first");
        String created = docker.run("create", "busybox", "echo", "from-start").orFail().out().strip();
        ids.add(created);
        DockerCli.Result started = docker.run("start", "-a", created);
        assertThat(started.exitCode()).as(started.err()).isZero();
        assertThat(started.out()).isEqualTo("from-start\n");
        // Exited now: start -a attaches before it starts again, as with dockerd (the CLI attaches first).
        DockerCli.Result again = docker.run("start", "-a", created);
        assertThat(again.exitCode()).as(again.err()).isZero();
        assertThat(again.out()).isEqualTo("from-start\n");
    }

    @Test
    void ps_filtersAndFormats() {
        String exited = runDetached("--label", "suite=ps", "busybox", "sh", "-c", "exit 3");
        String running = runDetached("--label", "suite=ps", "--label", "role=sleeper", "busybox", "sleep", "1000");
        docker.run("wait", exited).orFail();
        assertThat(docker.run("ps", "-q", "--no-trunc", "--filter", "label=suite=ps").orFail().lines())
                .containsExactly(running);
        assertThat(docker.run("ps", "-aq", "--no-trunc", "--filter", "label=suite=ps").orFail().lines())
                .containsExactly(running, exited);
        assertThat(docker.run("ps", "-aq", "--no-trunc", "--filter", "exited=3").orFail().lines())
                .containsExactly(exited);
        assertThat(docker.run("ps", "-aq", "--no-trunc", "--filter", "status=exited", "--filter", "label=suite=ps")
                .orFail().lines()).containsExactly(exited);
        assertThat(docker.run("ps", "-aq", "--no-trunc", "--filter", "label=role", "--filter", "ancestor=busybox")
                .orFail().lines()).containsExactly(running);
        assertThat(docker.run("ps", "-a", "--no-trunc", "--filter", "id=" + exited, "--format",
                "{{.Image}} {{.Command}} {{.Status}}").orFail().out()).matches("busybox \"sh -c 'exit 3'\" Exited \\(3\\)"
                + " .* ago\n");
    }

    @Test
    void events_showTheLifecycle_withTheExitCode() {
        String since = Long.toString(System.currentTimeMillis() / 1000 - 1);
        String id = runDetached("--name", "evented", "busybox", "sh", "-c", "exit 5");
        docker.run("wait", id).orFail();
        docker.run("rm", id).orFail();
        String until = Long.toString(System.currentTimeMillis() / 1000 + 1);
        List<String> events = docker.run("events", "--since", since, "--until", until, "--filter", "container=evented",
                "--format", "{{.Type}} {{.Action}} {{.Actor.Attributes.name}} {{.Actor.Attributes.exitCode}}")
                .orFail().lines();
        assertThat(events).containsExactly("container create evented <no value>",
                "container start evented <no value>", "container die evented 5", "container destroy evented <no value>");
    }

    @Test
    void restartPolicy_onFailure_restartsUpToItsCount() throws Exception {
        String id = runDetached("--restart", "on-failure:2", "busybox", "sh", "-c", "exit 3");
        long deadline = System.nanoTime() + 30_000_000_000L;
        JsonNode c = inspect(id);
        while ((c.get("RestartCount").asInt() < 2 || !c.at("/State/Status").asText().equals("exited"))
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            c = inspect(id);
        }
        assertThat(c.get("RestartCount").asInt()).isEqualTo(2);
        assertThat(c.at("/State/Status").asText()).isEqualTo("exited");
        assertThat(c.at("/State/ExitCode").asInt()).isEqualTo(3);
        assertThat(c.at("/HostConfig/RestartPolicy/Name").asText()).isEqualTo("on-failure");
    }

    @Test
    void restartPolicy_countsAnew_afterAUsersStart() throws Exception {
        // Each run leaves a line in the container's own layer: 1 + 2 restarts, then a user's start: 1 + 2 more.
        String id = runDetached("--restart", "on-failure:2", "busybox", "sh", "-c", "echo run >> /runs; exit 3");
        awaitRuns(id, 3);
        docker.run("start", id).orFail();
        awaitRuns(id, 6);
    }

    /** Waits until the container is exited with {@code n} runs recorded in its /runs. */
    private void awaitRuns(String id, int n) throws Exception {
        long deadline = System.nanoTime() + 30_000_000_000L;
        int runs = 0;
        String status = "";
        while (System.nanoTime() < deadline) {
            JsonNode c = inspect(id);
            status = c.at("/State/Status").asText();
            String tar = docker.run("cp", id + ":/runs", "-").out();
            runs = (tar.length() - tar.replace("run\n", "").length()) / 4;
            if (runs == n && status.equals("exited")) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(runs).as("runs recorded (status " + status + ")").isEqualTo(n);
    }

    @Test
    void badInput_getsDockersMessagesAndExitCodes() {
        DockerCli.Result memory = docker.run("run", "--rm", "-m", "1k", "busybox", "true");
        assertThat(memory.exitCode()).isEqualTo(125);
        assertThat(memory.err()).contains("Minimum memory limit allowed is 6MB");
        DockerCli.Result image = docker.run("run", "--pull", "never", "no-such-image");
        assertThat(image.exitCode()).isEqualTo(125);
        assertThat(image.err()).contains("No such image: no-such-image:latest");
        DockerCli.Result workdir = docker.run("run", "--rm", "-w", "relative", "busybox", "true");
        assertThat(workdir.exitCode()).isEqualTo(125);
        DockerCli.Result user = docker.run("run", "--rm", "-u", "nobody-here", "busybox", "true");
        assertThat(user.exitCode()).isNotZero();
        assertThat(user.err()).contains("nobody-here");
    }

    @Test
    void runInteractive_forwardsStdin_andCloses() throws Exception {
        Path input = Files.createTempFile("berth-stdin-", ".txt");
        Files.writeString(input, "one\ntwo\n");
        try {
            DockerCli.Result r = docker.run(input, "run", "-i", "--rm", "busybox", "sh", "-c", "cat; echo done");
            assertThat(r.exitCode()).as(r.err()).isZero();
            assertThat(r.out()).isEqualTo("one\ntwo\ndone\n");
        } finally {
            Files.delete(input);
        }
        DockerCli.Result t = docker.run("run", "-t", "--rm", "busybox", "sh", "-c", "tty; echo $TERM");
        assertThat(t.exitCode()).as(t.err()).isZero();
        assertThat(t.out()).isEqualTo("/dev/pts/0\r\nxterm\r\n");
    }
}
