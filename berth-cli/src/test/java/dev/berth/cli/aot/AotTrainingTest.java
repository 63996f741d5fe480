package dev.berth.cli.aot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class AotTrainingTest {
    @Test
    void train_runsEveryCommandThroughToTheScriptedDaemon() throws Exception {
        StringWriter out = new StringWriter();

        var codes = AotTraining.train(new PrintWriter(out, true));

        // every command succeeds but "inspect missing", whose 404 takes the error path (exit 1); in-process, then
        // as the process runs them
        assertThat(codes).containsExactly(0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0);
        assertThat(out.toString())
                .contains("Hello from the scripted daemon")
                .contains("hello-world")
                .contains("Error: No such object: missing");
    }

    @Test
    void trainRun_runsTheRunCommandsAsTheProcessRunsThem() throws Exception {
        StringWriter out = new StringWriter();

        var codes = AotTraining.trainRun(new PrintWriter(out, true));

        // run --rm twice, create, start and version: twice each, each through to the scripted daemon
        assertThat(codes).hasSize(2 * AotTraining.RUN_COMMANDS.size()).containsOnly(0);
        assertThat(out.toString()).contains("Server: Berth");
    }
}
