package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.Leaks;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import dev.berth.oci.testing.Tmux;
import java.io.IOException;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker run -it} and {@code docker exec -it} against berthd on a real pseudo-terminal: tmux runs the docker
 * CLI in a window of a set size; the test types into it and reads the screen. The shell's prompt and echo (raw mode
 * through berthd's attach), the container's TTY sized as the window and resized with it, detach with ctrl-p ctrl-q
 * leaving the container running, and the shell's exit status as the CLI's.
 */
class DockerCliTerminalTest {
    static RunningDaemon daemon;
    static DockerCli docker;
    static long since;
    private final Tmux tmux = new Tmux();

    @BeforeAll
    static void start() throws IOException {
        RootOnly.assume();
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
        since = Instant.now().getEpochSecond();
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemon != null) {
            daemon.removeContainersAndClose(Leaks.createdSince(docker, since));
        }
    }

    @AfterEach
    void killTmux() {
        tmux.close();
    }

    @Test
    void runInteractiveTty_typesIntoTheShell_resizes_detaches_andExecItToo() {
        String name = "tty-" + UUID.randomUUID().toString().substring(0, 8);
        tmux.start(100, 30, docker("run", "-it", "--name", name, "busybox", "sh") + "; echo EXITED=$?; sleep 600");
        tmux.awaitScreen(s -> s.contains("/ #"));
        tmux.send("stty size; echo typed-$((6*7))", "Enter");
        tmux.awaitScreen(s -> s.contains("typed-42") && s.contains("30 100"));
        tmux.resizeThenSend(80, 20, "clear; stty size", "Enter");
        awaitSize(tmux, "20 80");
        tmux.send("C-p", "C-q");
        tmux.awaitScreen(s -> s.contains("EXITED=0"));
        assertThat(docker.run("inspect", "-f", "{{.State.Running}}", name).orFail().out())
                .as("detached, not stopped").isEqualTo("true\n");
        tmux.close();

        try (Tmux exec = new Tmux()) {
            exec.start(90, 25, docker("exec", "-it", name, "sh") + "; echo EXITED=$?; sleep 600");
            exec.awaitScreen(s -> s.contains("/ #"));
            exec.send("stty size; tty; echo exec-$((6*7))", "Enter");
            exec.awaitScreen(s -> s.contains("exec-42") && s.contains("25 90") && s.contains("/dev/pts/"));
            exec.resizeThenSend(70, 15, "clear; stty size", "Enter");
            awaitSize(exec, "15 70");
            exec.send("exit 3", "Enter");
            exec.awaitScreen(s -> s.contains("EXITED=3"));
        }
    }

    @Test
    void runInteractiveTty_exitStatusIsTheShells() {
        String name = "tty-" + UUID.randomUUID().toString().substring(0, 8);
        tmux.start(80, 24, docker("run", "-it", "--rm", "--name", name, "busybox", "sh") + "; echo EXITED=$?;"
                + " sleep 600");
        tmux.awaitScreen(s -> s.contains("/ #"));
        tmux.send("exit 7", "Enter");
        tmux.awaitScreen(s -> s.contains("EXITED=7"));
        assertThat(docker.run("ps", "-aq", "--filter", "name=" + name).orFail().out()).as("--rm").isEmpty();
    }

    /**
     * Waits for the shell's terminal to have {@code size} ("rows columns") after a resize. The docker CLI sends the
     * resize it got by SIGWINCH on a connection of its own, racing the keys typed after it on the attach stream (with
     * dockerd too), so {@code stty size} is asked again until the new size shows; one that never comes fails.
     */
    private static void awaitSize(Tmux terminal, String size) {
        java.time.Instant deadline = java.time.Instant.now().plus(java.time.Duration.ofSeconds(60));
        while (true) {
            try {
                terminal.awaitScreen(s -> s.contains(size), java.time.Duration.ofSeconds(2));
                return;
            } catch (AssertionError notYet) {
                if (java.time.Instant.now().isAfter(deadline)) {
                    throw notYet;
                }
                terminal.send("clear; stty size", "Enter");
            }
        }
    }

    /** A docker command line for tmux's shell, with this daemon's environment. */
    private static String docker(String... args) {
        StringBuilder cmd = new StringBuilder("DOCKER_HOST=").append(docker.host()).append(" DOCKER_CONFIG=")
                .append(docker.configDir()).append(' ').append(DockerCli.BINARY);
        for (String a : args) {
            cmd.append(' ').append(a);
        }
        return cmd.toString();
    }
}
