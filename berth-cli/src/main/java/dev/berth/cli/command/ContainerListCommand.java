package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.ContainerRows;
import dev.berth.cli.output.TableFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth ps} / {@code berth container ls}: {@code GET /containers/json} as docker's table or a template. */
@Command(name = "ls", aliases = {"ps", "list"}, mixinStandardHelpOptions = true, description = "List containers")
public final class ContainerListCommand extends DaemonCommand {
    @Option(names = {"-a", "--all"}, description = "Show all containers (default shows just running)")
    boolean all;

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Option(names = {"-n", "--last"}, paramLabel = "int", description = "Show n last created containers (includes all states) (default -1)")
    int last = -1;

    @Option(names = {"-l", "--latest"}, description = "Show the latest created container (includes all states)")
    boolean latest;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only display container IDs")
    boolean quiet;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes")
    boolean size;

    @Override
    int run() {
        String f = format();
        int limit = latest ? 1 : last;
        Query q = Query.empty().flag("all", all).flag("size", size || f.contains("{{.Size}}"));
        if (limit > 0) {
            q = q.with("limit", Integer.toString(limit));
        }
        JsonNode summaries = client().json("GET", "/containers/json", Filters.add(q, filters));
        out().print(TableFormat.parse(f).render(ContainerRows.LABELS,
                new ContainerRows(noTrunc, Clock.systemUTC()).rows(summaries)));
        return 0;
    }

    private String format() {
        if (quiet && (format == null || format.isEmpty() || format.equals("table"))) {
            return "{{.ID}}";
        }
        if (format == null || format.isEmpty() || format.equals("table")) {
            return size ? ContainerRows.DEFAULT_FORMAT + "\t{{.Size}}" : ContainerRows.DEFAULT_FORMAT;
        }
        return format;
    }
}
