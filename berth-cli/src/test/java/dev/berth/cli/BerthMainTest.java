package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class BerthMainTest {
    @Test
    void commandName_skipsGlobalOptionsAndTheirValues() {
        assertThat(BerthMain.commandName(new String[] {"-H", "unix:///x", "--config", "/c", "pull", "-q", "a"}))
                .contains("pull");
        assertThat(BerthMain.commandName(new String[] {"--host=unix:///x", "images"})).contains("images");
        assertThat(BerthMain.commandName(new String[] {"--version"})).isEmpty();
    }

    @Test
    void aCommandLineWithOnlyTheCommandToRun_behavesAsTheFullOne() {
        String[] args = {"-H", "unix:///nonexistent/berth.sock", "rmi", "x"};
        assertThat(run(BerthMain.commandLine(Map.of(), new ByteArrayInputStream(new byte[0]), Optional.of("rmi")), args))
                .isEqualTo(run(BerthMain.commandLine(Map.of(), new ByteArrayInputStream(new byte[0])), args))
                .isEqualTo("1 Cannot connect to the Docker daemon at unix:///nonexistent/berth.sock. "
                        + "Is the docker daemon running?\n");
    }

    @Test
    void earlyPing_asksTheGlobalHostFlag_elseTheEnvironment() {
        Map<String, String> env = Map.of("DOCKER_HOST", "unix:///env.sock");
        assertThat(BerthMain.earlyPing(new String[] {"--host=unix:///a.sock", "ps"}, env).orElseThrow().host().uri())
                .isEqualTo("unix:///a.sock");
        assertThat(BerthMain.earlyPing(new String[] {"--config", "/c", "-H", "unix:///b.sock", "ps", "-H", "x"}, env)
                .orElseThrow().host().uri()).isEqualTo("unix:///b.sock");
        assertThat(BerthMain.earlyPing(new String[] {"ps", "-H", "unix:///after-the-command.sock"}, env).orElseThrow()
                .host().uri()).isEqualTo("unix:///env.sock");
        assertThat(BerthMain.earlyPing(new String[] {"-H", "tcp://1.2.3.4:2375", "ps"}, env)).isEmpty();
    }

    @Test
    void theProcessPath_reportsAnUnreachableDaemonAsTheInProcessCommandLineDoes() {
        String[] args = {"-H", "unix:///nonexistent/berth.sock", "rmi", "x"};
        StringWriter err = new StringWriter();

        int exit = BerthMain.execute(args, Map.of(), new ByteArrayInputStream(new byte[0]),
                OutputStream.nullOutputStream(), OutputStream.nullOutputStream(),
                Optional.of(new PrintWriter(err, true)));

        assertThat(exit + " " + err)
                .isEqualTo(run(BerthMain.commandLine(Map.of(), new ByteArrayInputStream(new byte[0])), args));
    }

    @Test
    void unknownCommands_areDockersUsageError() {
        assertThat(run(BerthMain.commandLine(Map.of(), new ByteArrayInputStream(new byte[0]), Optional.of("nope")),
                new String[] {"nope"})).startsWith("1 berth: unknown command: berth nope\n");
    }

    private static String run(picocli.CommandLine cl, String[] args) {
        StringWriter err = new StringWriter();
        int exit = cl.setErr(new PrintWriter(err, true)).setOut(new PrintWriter(new StringWriter())).execute(args);
        return exit + " " + err;
    }
}
