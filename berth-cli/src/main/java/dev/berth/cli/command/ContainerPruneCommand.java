package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.HumanSize;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth container prune}: {@code POST /containers/prune}, after docker's prompt unless {@code -f}. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove all stopped containers")
public final class ContainerPruneCommand extends DaemonCommand {
    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", paramLabel = "filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Override
    int run() {
        if (!force) {
            out().print("WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ");
            out().flush();
            try {
                String line = new BufferedReader(new InputStreamReader(root().stdin(), StandardCharsets.UTF_8)).readLine();
                String answer = line == null ? "" : line.strip().toLowerCase(Locale.ROOT);
                if (!answer.equals("y") && !answer.equals("yes")) {
                    return 0;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("read confirmation", e);
            }
        }
        JsonNode report = client().json("POST", "/containers/prune", Filters.add(Query.empty(), filters));
        JsonNode deleted = report.path("ContainersDeleted");
        if (deleted.isArray() && !deleted.isEmpty()) {
            out().println("Deleted Containers:");
            deleted.forEach(d -> out().println(d.asText()));
            out().println();
        }
        out().println("Total reclaimed space: " + HumanSize.precise(report.path("SpaceReclaimed").asLong()));
        return 0;
    }
}
