package dev.berth.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.testing.Tmux;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth run -it} on a real pseudo-terminal: tmux runs berth (its own JVM) in a window of a set size; the
 * test types into it and reads the screen. Raw mode (keys reach the shell, which echoes them), the container's
 * TTY sized as the window and resized with it (SIGWINCH → resize), detach with ctrl-p ctrl-q leaving the
 * container running, the terminal mode restored afterwards, and the container's exit status as berth's.
 */
@ExtendWith(EngineExtension.class)
class TerminalRunTest {
    @TempDir
    static Path config;
    static EngineFixture engine;
    static String busybox;
    private final Tmux tmux = new Tmux();
    private final List<String> containers = new ArrayList<>();

    @BeforeAll
    static void setUp(EngineFixture fixture) {
        engine = fixture;
        busybox = fixture.registry() + "/library/busybox:latest";
        assertThat(new Clients(fixture, config).docker("pull", busybox).exit()).isZero();
    }

    @AfterEach
    void cleanUp() {
        tmux.close();
        Clients clients = new Clients(engine, config);
        containers.forEach(c -> clients.docker("rm", "-f", c));
    }

    @Test
    void runInteractiveTty_typesIntoTheShell_resizes_andDetaches() {
        String name = "tty-" + UUID.randomUUID().toString().substring(0, 8);
        containers.add(name);
        tmux.start(100, 30, berth("run", "-it", "--name", name, busybox, "sh") + "; echo EXITED=$?; stty -a | grep -o -- '-icanon\\|icanon' | head -1; sleep 600");
        tmux.awaitScreen(s -> s.contains("/ #"));
        tmux.send("stty size; echo typed-$((6*7))", "Enter");
        tmux.awaitScreen(s -> s.contains("typed-42") && s.contains("30 100"));
        tmux.resizeThenSend(80, 20, "clear; stty size", "Enter");
        tmux.awaitScreen(s -> s.contains("20 80"));
        tmux.send("C-p", "C-q");
        String screen = tmux.awaitScreen(s -> s.matches("(?s).*EXITED=0\n-?icanon\n.*"));
        // the shell's terminal is back in canonical mode, not left raw
        assertThat(screen).contains("EXITED=0\nicanon");
        Processes.Run state = new Clients(engine, config).docker("inspect", "-f", "{{.State.Running}}", name);
        assertThat(state.out()).isEqualTo("true\n");
    }

    @Test
    void runInteractiveTty_exitStatusIsTheShells() {
        String name = "tty-" + UUID.randomUUID().toString().substring(0, 8);
        containers.add(name);
        tmux.start(80, 24, berth("run", "-it", "--rm", "--name", name, busybox, "sh") + "; echo EXITED=$?; sleep 600");
        tmux.awaitScreen(s -> s.contains("/ #"));
        tmux.send("exit 7", "Enter");
        tmux.awaitScreen(s -> s.contains("EXITED=7"));
    }

    private String berth(String... args) {
        String java = ProcessHandle.current().info().command().orElseThrow();
        StringBuilder cmd = new StringBuilder(java).append(" --enable-native-access=ALL-UNNAMED -cp ")
                .append(System.getProperty("java.class.path")).append(" dev.berth.cli.BerthMain -H ")
                .append(engine.host()).append(" --config ").append(config);
        for (String a : args) {
            cmd.append(' ').append(a);
        }
        return cmd.toString();
    }
}
