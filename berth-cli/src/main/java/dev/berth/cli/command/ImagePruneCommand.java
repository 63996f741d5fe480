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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth image prune}: {@code POST /images/prune}, after docker's confirmation prompt unless {@code -f}. */
@Command(name = "prune", mixinStandardHelpOptions = true, description = "Remove unused images")
public final class ImagePruneCommand extends DaemonCommand {
    @Option(names = {"-a", "--all"}, description = "Remove all unused images, not just dangling ones")
    boolean all;

    @Option(names = {"-f", "--force"}, description = "Do not prompt for confirmation")
    boolean force;

    @Option(names = "--filter", paramLabel = "filter", description = "Provide filter values (e.g. \"until=<timestamp>\")")
    List<String> filters = new ArrayList<>();

    @Override
    int run() {
        String warning = all ? "WARNING! This will remove all images without at least one container associated to them."
                : "WARNING! This will remove all dangling images.";
        if (!force && !confirm(warning)) {
            return 0;
        }
        List<String> f = new ArrayList<>(filters);
        f.add("dangling=" + !all);
        JsonNode report = client().json("POST", "/images/prune", Filters.add(Query.empty(), f));
        JsonNode deleted = report.path("ImagesDeleted");
        if (deleted.isArray() && !deleted.isEmpty()) {
            out().println("Deleted Images:");
            for (JsonNode item : deleted) {
                String d = item.path("Deleted").asText("");
                out().println(d.isEmpty() ? "untagged: " + item.path("Untagged").asText() : "deleted: " + d);
            }
            out().println();
        }
        out().println("Total reclaimed space: " + HumanSize.precise(report.path("SpaceReclaimed").asLong()));
        return 0;
    }

    private boolean confirm(String warning) {
        out().print(warning + "\nAre you sure you want to continue? [y/N] ");
        out().flush();
        try {
            String line = new BufferedReader(new InputStreamReader(root().stdin(), StandardCharsets.UTF_8)).readLine();
            String answer = line == null ? "" : line.strip().toLowerCase(java.util.Locale.ROOT);
            return answer.equals("y") || answer.equals("yes");
        } catch (IOException e) {
            throw new UncheckedIOException("read confirmation", e);
        }
    }
}
