package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docker run} and the container lifecycle through the real docker CLI 28 against berthd. */
class DockerCliRunTest {
    static RunningDaemon daemon;
    static DockerCli docker;
    static final List<String> ids = new ArrayList<>();

    @BeforeAll
    static void start() throws IOException {
        RootOnly.assume();
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
        docker.run("load", "-i", TestArchives.of("hello-world").toString()).orFail();
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemon == null) {
            return;
        }
        daemon.removeContainersAndClose(ids);
    }

    private static String created(String id) {
        ids.add(id.strip());
        return id.strip();
    }

    @Test
    void run_helloWorld_printsItsMessage_andExitsZero() {
        DockerCli.Result r = docker.run("run", "--name", "hello", "hello-world");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("\nHello from Berth!\n");
        assertThat(docker.run("ps", "-a", "--filter", "name=hello", "--format", "{{.Names}} {{.Status}}").orFail()
                .out()).matches("hello Exited \\(0\\) .* ago\n");
    }

    /** docker's CLI sends its terminal's size with the create (API 1.42+) when it has one; curl stands in for it. */
    @Test
    void aTtyContainer_startsAtTheConsoleSizeOfItsCreate() {
        String id = created(docker.shell("curl -sf --unix-socket " + daemon.socket()
                + " -H 'Content-Type: application/json' -d '{\"Image\":\"busybox\",\"Cmd\":[\"stty\",\"size\"],\"Tty\":true,"
                + "\"HostConfig\":{\"ConsoleSize\":[24,70]}}' http://d/v1.50/containers/create"
                + " | sed 's/.*\"Id\":\"\\([0-9a-f]*\\)\".*/\\1/'").orFail().out());
        docker.run("start", id).orFail();
        assertThat(docker.run("wait", id).orFail().out()).isEqualTo("0\n");
        assertThat(docker.run("logs", id).orFail().out()).isEqualTo("24 70\r\n");
    }

    @Test
    void run_rm_echo_printsAndRemoves() {
        DockerCli.Result r = docker.run("run", "--rm", "--name", "echo", "busybox", "echo", "hi");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo("hi\n");
        assertThat(docker.run("ps", "-a", "--filter", "name=echo", "-q").orFail().out()).isEmpty();
    }

    @Test
    void exitCodes_ofTheContainer_andOfFailures() {
        assertThat(docker.run("run", "--rm", "busybox", "sh", "-c", "exit 7").exitCode()).isEqualTo(7);
        DockerCli.Result notFound = docker.run("run", "--rm", "busybox", "no-such-command");
        assertThat(notFound.exitCode()).isEqualTo(127);
        assertThat(notFound.err()).contains("executable file not found in $PATH");
        DockerCli.Result notExecutable = docker.run("run", "--rm", "busybox", "/etc/passwd");
        assertThat(notExecutable.exitCode()).isEqualTo(126);
        assertThat(notExecutable.err()).contains("permission denied");
    }

    /**
     * Values dockerd 20.10 takes that are easy to refuse: {@code -e KEY} with no KEY in the CLI's environment sends a
     * bare KEY, which unsets it (the image's and the default's too: a bare PATH leaves none), in run and exec alike;
     * {@code -u :GROUP} is the default user with that group; a signed id is a number.
     */
    @Test
    void bareEnvKeys_unsetTheVariable_andUserSpecsAsDockerd() {
        String id = created(docker.run("run", "-d", "busybox", "sleep", "1000").orFail().out());
        assertThat(docker.run("run", "--rm", "-e", "BERTH_TEST_UNSET", "busybox", "sh", "-c",
                "echo ${BERTH_TEST_UNSET-unset}").orFail().out()).isEqualTo("unset\n");
        assertThat(docker.run("exec", "-e", "BERTH_TEST_UNSET", id, "sh", "-c", "echo ${BERTH_TEST_UNSET-unset}")
                .orFail().out()).isEqualTo("unset\n");
        assertThat(docker.shell("env -u PATH " + DockerCli.BINARY + " run --rm --hostname boxed -e PATH busybox"
                + " /bin/env").orFail().lines()).as("no PATH at all").containsExactly("HOSTNAME=boxed", "HOME=/root");
        assertThat(docker.run("run", "--rm", "-u", ":10", "busybox", "id").orFail().out())
                .isEqualTo("uid=0(root) gid=10 groups=10\n");
        assertThat(docker.run("run", "--rm", "-u", "+1000", "busybox", "id").orFail().out())
                .isEqualTo("uid=1000 gid=0(root) groups=0(root)\n");
        docker.run("rm", "-f", id).orFail();
    }

    /**
     * Attached clients of quiet containers each hold a blocked read of conmon's attach socket; more of them than the
     * virtual-thread scheduler has carriers must not stall the daemon. The containers end by themselves within two
     * minutes, so that a daemon which does stall recovers and the clean-up still runs.
     */
    @Test
    void idleAttachedContainers_leaveTheDaemonAnswering() throws Exception {
        int attached = Runtime.getRuntime().availableProcessors() + 2;
        java.time.Duration answer = java.time.Duration.ofSeconds(60);
        List<Process> clients = new ArrayList<>();
        try {
            for (int i = 0; i < attached; i++) {
                clients.add(docker.start("run", "--rm", "--name", "idle" + i, "busybox", "sleep", "120"));
            }
            for (int tries = 0; docker.runWithin(answer, "ps", "-q").orFail().lines().size() < attached; tries++) {
                assertThat(tries).as("the idle containers start").isLessThan(300);
                Thread.sleep(100);
            }
            Thread.sleep(500);
            assertThat(docker.runWithin(answer, "ps", "--format", "{{.Names}}").orFail().lines()).hasSize(attached);
            DockerCli.Result hello = docker.runWithin(answer, "run", "--rm", "hello-world");
            assertThat(hello.exitCode()).as(hello.err()).isZero();
            assertThat(hello.out()).contains("Hello from Berth!");
        } finally {
            // The clients first: leaving closes their attach connections, then the containers go.
            clients.forEach(Process::destroy);
            for (int i = 0; i < attached; i++) {
                docker.run("rm", "-f", "idle" + i);
            }
            for (Process p : clients) {
                if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
            }
        }
    }
}
