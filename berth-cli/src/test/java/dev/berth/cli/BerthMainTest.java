package dev.berth.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
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
