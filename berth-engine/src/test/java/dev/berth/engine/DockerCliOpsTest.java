package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The container operations past the lifecycle through the real docker CLI 28 against berthd: exec, cp, diff,
 * commit, top, pause, stats, update, health checks and --init.
 */
class DockerCliOpsTest {
    static RunningDaemon daemon;
    static DockerCli docker;
    static final List<String> ids = new ArrayList<>();

    @TempDir
    Path tmp;

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
        daemon.removeContainersAndClose(ids);
    }

    private static String running(String name, String... command) {
        List<String> args = new ArrayList<>(List.of("run", "-d", "--name", name));
        args.addAll(List.of(command.length == 0 ? new String[] {"busybox", "sleep", "1000"} : command));
        String id = docker.run(args.toArray(String[]::new)).orFail().out().strip();
        ids.add(id);
        return id;
    }

    @Test
    void exec_withoutTty_separatesStreams_andReturnsTheExitCode() {
        running("ex1");
        DockerCli.Result r = docker.run("exec", "ex1", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.exitCode()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).isEqualTo("err\n");
        DockerCli.Result as = docker.run("exec", "-e", "FOO=bar", "-u", "nobody", "-w", "/tmp", "ex1",
                "sh", "-c", "echo $FOO; id -u; pwd").orFail();
        assertThat(as.out()).isEqualTo("bar\n65534\n/tmp\n");
    }

    @Test
    void exec_withTty_getsATerminal_andWithStdin_readsIt() throws IOException {
        running("ex2");
        DockerCli.Result tty = docker.run("exec", "-t", "ex2", "tty").orFail();
        assertThat(tty.out()).startsWith("/dev/pts/");
        Path input = Files.writeString(tmp.resolve("in"), "one\ntwo\n");
        assertThat(docker.run(input, "exec", "-i", "ex2", "sh", "-c", "cat; echo end").orFail().out())
                .isEqualTo("one\ntwo\nend\n");
    }

    @Test
    void exec_badCommand_andStoppedContainer_failAsDocker() {
        running("ex3");
        DockerCli.Result missing = docker.run("exec", "ex3", "no-such-command");
        assertThat(missing.exitCode()).isEqualTo(127);
        assertThat(missing.out() + missing.err()).contains("executable file not found in $PATH");
        String stopped = docker.run("create", "--name", "ex3-stopped", "busybox", "true").orFail().out().strip();
        ids.add(stopped);
        DockerCli.Result r = docker.run("exec", "ex3-stopped", "true");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("container " + stopped + " is not running");
    }

    @Test
    void cp_bothWays_diff_andCommit_thenRunTheNewImage() throws IOException {
        running("cp1");
        Path local = Files.writeString(tmp.resolve("hello.txt"), "from the host\n");
        docker.run("cp", local.toString(), "cp1:/tmp/").orFail();
        assertThat(docker.run("exec", "cp1", "cat", "/tmp/hello.txt").orFail().out()).isEqualTo("from the host\n");
        docker.run("exec", "cp1", "sh", "-c", "echo made > /made; rm /etc/group").orFail();
        docker.run("cp", "cp1:/made", tmp.resolve("made").toString()).orFail();
        assertThat(tmp.resolve("made")).hasContent("made");
        docker.run("cp", "cp1:/etc", tmp.toString()).orFail();
        assertThat(tmp.resolve("etc/passwd")).exists();
        assertThat(docker.run("cp", "cp1:/nope", tmp.toString()).err()).contains("Could not find the file /nope");

        assertThat(docker.run("diff", "cp1").orFail().lines())
                .contains("A /made", "C /tmp", "A /tmp/hello.txt", "C /etc", "D /etc/group");

        docker.run("commit", "-m", "a message", "--change", "ENV GREETING=\"hi there\"", "--change",
                "CMD [\"cat\", \"/made\"]", "cp1", "committed:1").orFail();
        assertThat(docker.run("run", "--rm", "committed:1").orFail().out()).isEqualTo("made\n");
        assertThat(docker.run("run", "--rm", "committed:1", "sh", "-c", "echo $GREETING").orFail().out())
                .isEqualTo("hi there\n");
        assertThat(docker.run("history", "--format", "{{.Comment}}", "committed:1").orFail().lines())
                .first().isEqualTo("a message");
    }

    /**
     * cp out of a running container sees it as its processes do, as dockerd's does: its /etc/hostname (a bind mount
     * over the root file system's empty file), a volume's files; the tar names the entry plainly (ustar, no PAX record
     * of times docker's archiver does not write). cp into it writes into a volume, refused where it is read-only.
     */
    @Test
    void cp_seesTheContainersMounts_itsHostnameAndAVolume() throws Exception {
        String id = running("cp2", "-v", "cp-volume:/data", "-v", "cp-read-only:/ro:ro", "busybox", "sh", "-c",
                "echo in-volume > /data/v; sleep 1000");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (docker.run("exec", "cp2", "test", "-s", "/data/v").exitCode() != 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        docker.run("cp", "cp2:/etc/hostname", tmp.toString()).orFail();
        assertThat(tmp.resolve("hostname")).hasContent(id.substring(0, 12));
        docker.run("cp", "cp2:/data/v", tmp.toString()).orFail();
        assertThat(tmp.resolve("v")).hasContent("in-volume");
        assertThat(docker.run("cp", "cp2:/etc/hostname", "-").orFail().out()).startsWith("hostname\u0000");

        // into a volume, as dockerd: its files, not the root file system's hidden under its mount point
        Path local = Files.writeString(tmp.resolve("to-volume.txt"), "from the host\n");
        docker.run("cp", local.toString(), "cp2:/data/").orFail();
        assertThat(docker.run("exec", "cp2", "cat", "/data/to-volume.txt").orFail().out()).isEqualTo("from the host\n");
        docker.run("exec", "cp2", "mkdir", "/data/only-in-the-volume").orFail();
        docker.run("cp", local.toString(), "cp2:/data/only-in-the-volume/").orFail();
        assertThat(docker.run("exec", "cp2", "cat", "/data/only-in-the-volume/to-volume.txt").orFail().out())
                .isEqualTo("from the host\n");
        DockerCli.Result readOnly = docker.run("cp", local.toString(), "cp2:/ro/");
        assertThat(readOnly.exitCode()).isEqualTo(1);
        assertThat(readOnly.err()).isEqualTo("Error response from daemon: mounted volume is marked read-only\n");
        assertThat(docker.run("exec", "cp2", "ls", "/ro").orFail().out()).isEmpty();
    }

    @Test
    void top_pause_stats_andUpdate() {
        String id = running("ops1");
        DockerCli.Result top = docker.run("top", "ops1").orFail();
        assertThat(top.out()).contains("PID").contains("sleep 1000");

        docker.run("pause", "ops1").orFail();
        assertThat(docker.run("inspect", "-f", "{{.State.Status}} {{.State.Paused}}", "ops1").orFail().out())
                .isEqualTo("paused true\n");
        assertThat(docker.run("ps", "--filter", "name=ops1", "--format", "{{.Status}}").orFail().out())
                .contains("(Paused)");
        assertThat(docker.run("exec", "ops1", "true").err()).contains("is paused");
        docker.run("unpause", "ops1").orFail();
        assertThat(docker.run("inspect", "-f", "{{.State.Status}}", "ops1").orFail().out()).isEqualTo("running\n");

        DockerCli.Result stats = docker.run("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}} {{.MemUsage}}",
                "ops1").orFail();
        assertThat(stats.out()).startsWith("ops1 1 ");

        docker.run("update", "--memory", "64m", "--memory-swap", "128m", "--pids-limit", "50", "ops1").orFail();
        assertThat(docker.run("inspect", "-f", "{{.HostConfig.Memory}} {{.HostConfig.PidsLimit}}", "ops1")
                .orFail().out()).isEqualTo("67108864 50\n");
        assertThat(docker.run("exec", "ops1", "cat", "/sys/fs/cgroup/pids/pids.max",
                "/sys/fs/cgroup/memory/memory.limit_in_bytes").orFail().out()).isEqualTo("50\n67108864\n");
        assertThat(id).isNotEmpty();
    }

    @Test
    void healthChecks_turnHealthy_thenUnhealthy_shownInInspectAndPs() {
        running("hc1", "--health-cmd", "test -f /tmp/ok", "--health-interval", "200ms", "--health-retries", "2",
                "busybox", "sh", "-c", "touch /tmp/ok; sleep 1000");
        awaitOutput(() -> docker.run("inspect", "-f", "{{.State.Health.Status}}", "hc1").out(), "healthy\n");
        assertThat(docker.run("ps", "--filter", "name=hc1", "--format", "{{.Status}}").orFail().out())
                .contains("(healthy)");
        docker.run("exec", "hc1", "rm", "/tmp/ok").orFail();
        awaitOutput(() -> docker.run("inspect", "-f", "{{.State.Health.Status}}", "hc1").out(), "unhealthy\n");
        assertThat(docker.run("inspect", "-f", "{{.State.Health.FailingStreak}}", "hc1").orFail().out().strip())
                .matches("[2-9]|\\d\\d+");
    }

    @Test
    void init_runsTiniAsPid1() {
        DockerCli.Result r = docker.run("run", "--rm", "--init", "busybox", "sh", "-c",
                "cat /proc/1/cmdline | tr '\\0' ' '; echo; echo $$");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out().lines().toList()).first().asString().startsWith("/sbin/docker-init -- sh -c");
        assertThat(r.out().lines().toList().get(1)).isNotEqualTo("1");
    }

    private static void awaitOutput(Supplier<String> probe, String expected) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        String last = probe.get();
        while (!last.equals(expected) && System.nanoTime() < deadline) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            last = probe.get();
        }
        assertThat(last).isEqualTo(expected);
    }
}
