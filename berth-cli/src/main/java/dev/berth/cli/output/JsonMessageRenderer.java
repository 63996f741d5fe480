package dev.berth.cli.output;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import dev.berth.cli.api.CliException;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Shows Docker's JSON progress stream as the docker CLI does (moby {@code DisplayJSONMessagesStream}).
 *
 * <p>Not on a terminal, a message with a non-empty progress is dropped and every other message is a line
 * ({@code ID: STATUS}). On a terminal, each id owns a line that later messages rewrite in place: the cursor moves
 * up to that line, clears it, prints the status and progress bar, then moves back down. A message without an id
 * (or without progress) ends the block of rewritable lines. An {@code errorDetail} ends the stream with its message.
 */
public final class JsonMessageRenderer {
    private static final DateTimeFormatter RFC3339_NANO_FIXED =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSXXX");

    private final PrintWriter out;
    private final boolean terminal;
    private final int width;
    private final Clock clock;
    private final Consumer<JsonNode> auxHandler;

    /**
     * @param terminal   whether {@code out} is a terminal
     * @param width      the terminal's columns (docker assumes 200 when it cannot tell)
     * @param auxHandler receives {@code aux} payloads, which are never printed
     */
    public JsonMessageRenderer(PrintWriter out, boolean terminal, int width, Clock clock, Consumer<JsonNode> auxHandler) {
        this.out = out;
        this.terminal = terminal;
        this.width = width;
        this.clock = clock;
        this.auxHandler = auxHandler;
    }

    /** Renders the whole stream; an error message in it becomes a {@link CliException} with its text. */
    public void render(InputStream stream) {
        Map<String, Integer> lines = new HashMap<>();
        try (MappingIterator<JsonNode> it = Json.MAPPER.readerFor(JsonNode.class)
                .without(JsonParser.Feature.AUTO_CLOSE_SOURCE).readValues(stream)) {
            while (it.hasNextValue()) {
                JsonMessage m = JsonMessage.of(it.nextValue());
                if (m.aux().isPresent()) {
                    auxHandler.accept(m.aux().get());
                    continue;
                }
                int diff = 0;
                if (!m.id().isEmpty() && (m.progress().isPresent() || !m.progressMessage().isEmpty())) {
                    Integer line = lines.get(m.id());
                    if (line == null) {
                        line = lines.size();
                        lines.put(m.id(), line);
                        if (terminal) {
                            out.print("\n");
                        }
                    }
                    diff = lines.size() - line;
                    if (terminal && diff > 0) {
                        out.print("\u001b[" + diff + "A");
                    }
                } else {
                    lines.clear();
                }
                display(m);
                if (!m.id().isEmpty() && terminal && diff > 0) {
                    out.print("\u001b[" + diff + "B");
                }
                out.flush();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("read progress stream from daemon", e);
        }
    }

    private void display(JsonMessage m) {
        if (m.error().isPresent()) {
            out.flush();
            throw new CliException(m.error().get());
        }
        String endl = "";
        if (terminal && m.stream().isEmpty() && m.progress().isPresent()) {
            out.print("\u001b[2K\r");
            endl = "\r";
        } else if (m.progress().isPresent() && !bar(m).isEmpty()) {
            return;
        }
        if (m.timeNano() != 0) {
            out.print(timestamp(Instant.ofEpochSecond(0, m.timeNano())) + " ");
        } else if (m.time() != 0) {
            out.print(timestamp(Instant.ofEpochSecond(m.time())) + " ");
        }
        if (!m.id().isEmpty()) {
            out.print(m.id() + ": ");
        }
        if (!m.from().isEmpty()) {
            out.print("(from " + m.from() + ") ");
        }
        if (m.progress().isPresent() && terminal) {
            out.print(m.status() + " " + bar(m) + endl);
        } else if (!m.progressMessage().isEmpty()) {
            out.print(m.status() + " " + m.progressMessage() + endl);
        } else if (!m.stream().isEmpty()) {
            out.print(m.stream() + endl);
        } else {
            out.print(m.status() + endl + "\n");
        }
    }

    private String bar(JsonMessage m) {
        return ProgressBar.render(m.progress().orElseThrow(), width, clock.instant());
    }

    private static String timestamp(Instant t) {
        return RFC3339_NANO_FIXED.format(t.atZone(ZoneId.systemDefault()));
    }
}
