package dev.berth.cli.command;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.StatsRows;
import dev.berth.cli.output.TableFormat;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth stats}: resource usage from {@code GET /containers/{id}/stats} — one sample each with
 * {@code --no-stream}, else the table redrawn as samples stream in (every running container when none is named).
 */
@Command(name = "stats", mixinStandardHelpOptions = true, description = "Display a live stream of container(s) resource usage statistics")
public final class StatsCommand extends DaemonCommand {
    private static final String CLEAR = "\u001b[2J\u001b[H";

    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Option(names = "--no-stream", description = "Disable streaming stats and only pull the first result")
    boolean noStream;

    @Option(names = "--no-trunc", description = "Do not truncate output")
    boolean noTrunc;

    @Parameters(paramLabel = "CONTAINER", arity = "0..*")
    List<String> containers = new ArrayList<>();

    @Override
    int run() {
        List<String> names = new ArrayList<>(containers);
        if (names.isEmpty()) {
            for (JsonNode c : client().json("GET", "/containers/json", Query.empty().flag("all", all))) {
                names.add(c.path("Id").asText().substring(0, 12));
            }
        }
        TableFormat table = TableFormat.parse(format == null || format.isEmpty() || format.equals("table")
                ? StatsRows.DEFAULT_FORMAT : format);
        if (noStream) {
            List<ObjectNode> rows = new ArrayList<>();
            for (String name : names) {
                JsonNode sample = client().json("GET", "/containers/" + name + "/stats",
                        Query.empty().with("stream", "false"));
                rows.add(StatsRows.row(name, sample, noTrunc));
            }
            out().print(table.render(StatsRows.LABELS, rows));
            return 0;
        }
        return live(names, table);
    }

    private int live(List<String> names, TableFormat table) {
        Map<String, ObjectNode> latest = new LinkedHashMap<>();
        names.forEach(n -> latest.put(n, null));
        List<Thread> readers = new ArrayList<>();
        for (String name : names) {
            readers.add(Thread.ofVirtual().start(() -> follow(name, latest)));
        }
        while (readers.stream().anyMatch(Thread::isAlive)) {
            List<ObjectNode> rows = new ArrayList<>();
            synchronized (latest) {
                latest.values().stream().filter(r -> r != null).forEach(rows::add);
            }
            out().print(CLEAR + table.render(StatsRows.LABELS, rows));
            out().flush();
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return 1;
            }
        }
        return 0;
    }

    private void follow(String name, Map<String, ObjectNode> latest) {
        try (HttpResponse r = client().send("GET", "/containers/" + name + "/stats", Query.empty().with("stream", "true"));
             JsonParser parser = Json.MAPPER.createParser(r.body())) {
            while (parser.nextToken() != null) {
                ObjectNode row = StatsRows.row(name, parser.readValueAsTree(), noTrunc);
                synchronized (latest) {
                    latest.put(name, row);
                }
            }
        } catch (IOException | DaemonException e) {
            // the container went away: its row stays with the last sample, as docker's does until it notices
            return;
        }
    }
}
