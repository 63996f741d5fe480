package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.TabWriter;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth top CONTAINER [ps OPTIONS]}: {@code GET /containers/{id}/top}, aligned as docker aligns it. */
@Command(name = "top", mixinStandardHelpOptions = true, description = "Display the running processes of a container")
public final class TopCommand extends DaemonCommand implements PositionalCommand {
    @Parameters(paramLabel = "CONTAINER [ps OPTIONS]", arity = "1..*")
    List<String> args = new ArrayList<>();

    @Override
    int run() {
        Query q = args.size() > 1 ? Query.empty().with("ps_args", String.join(" ", args.subList(1, args.size())))
                : Query.empty();
        JsonNode top = client().json("GET", "/containers/" + args.getFirst() + "/top", q);
        StringBuilder text = new StringBuilder();
        text.append(join(top.path("Titles"))).append('\n');
        for (JsonNode process : top.path("Processes")) {
            text.append(join(process)).append('\n');
        }
        // docker's top uses a wider minimum cell than its tables
        out().print(new TabWriter(20, 3).format(text.toString()));
        return 0;
    }

    private static String join(JsonNode cells) {
        List<String> s = new ArrayList<>();
        cells.forEach(c -> s.add(c.asText()));
        return String.join("\t", s);
    }
}
