package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.output.JsonMessageRenderer;
import dev.berth.cli.output.Terminal;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.Writer;
import java.time.Clock;
import java.util.function.Consumer;

/** Shows a daemon's JSON progress stream on the command's output, live bars only when stdout is a terminal. */
final class ProgressOutput {
    /** docker's width when the terminal cannot be measured. */
    private static final int DEFAULT_WIDTH = 200;

    private ProgressOutput() {}

    static void show(InputStream stream, PrintWriter out, boolean quiet, Consumer<JsonNode> aux) {
        PrintWriter target = quiet ? new PrintWriter(Writer.nullWriter()) : out;
        boolean terminal = !quiet && Terminal.stdoutIsTerminal();
        int width = terminal ? Terminal.stdoutColumns().orElse(DEFAULT_WIDTH) : DEFAULT_WIDTH;
        new JsonMessageRenderer(target, terminal, width, Clock.systemUTC(), aux).render(stream);
    }
}
