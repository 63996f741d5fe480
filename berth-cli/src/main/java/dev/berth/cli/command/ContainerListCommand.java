package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.ContainerRows;
import dev.berth.cli.output.TableFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth ps} / {@code berth container ls}: {@code GET /containers/json} as docker's table or a template. */
public final class ContainerListCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag ALL =
            new Flag(Flag.Kind.FLAG, "", "Show all containers (default shows just running)", "-a", "--all");
    private static final Flag FILTER = new Flag(Flag.Kind.LIST, "filter",
            "Filter output based on conditions provided", "-f", "--filter");
    private static final Flag FORMAT =
            new Flag(Flag.Kind.STRING, "string", "Format output using a custom template", "--format");
    private static final Flag LAST = new Flag(Flag.Kind.INT, "int",
            "Show n last created containers (includes all states) (default -1)", "-n", "--last");
    private static final Flag LATEST = new Flag(Flag.Kind.FLAG, "",
            "Show the latest created container (includes all states)", "-l", "--latest");
    private static final Flag NO_TRUNC = new Flag(Flag.Kind.FLAG, "", "Don't truncate output", "--no-trunc");
    private static final Flag QUIET = new Flag(Flag.Kind.FLAG, "", "Only display container IDs", "-q", "--quiet");
    private static final Flag SIZE = new Flag(Flag.Kind.FLAG, "", "Display total file sizes", "-s", "--size");
    private static final List<Flag> FLAGS = List.of(ALL, FILTER, FORMAT, LAST, LATEST, NO_TRUNC, QUIET, SIZE);

    boolean all;
    List<String> filters = new ArrayList<>();
    String format;
    int last = -1;
    boolean latest;
    boolean noTrunc;
    boolean quiet;
    boolean size;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "ls", "List containers", FLAGS).aliases("ps", "list");
        return spec;
    }

    private void readFlags() {
        all = ALL.isSet(spec);
        filters = FILTER.strings(spec);
        format = FORMAT.string(spec);
        last = LAST.integer(spec).orElse(-1);
        latest = LATEST.isSet(spec);
        noTrunc = NO_TRUNC.isSet(spec);
        quiet = QUIET.isSet(spec);
        size = SIZE.isSet(spec);
    }

    @Override
    int run() {
        readFlags();
        String f = format();
        int limit = latest ? 1 : last;
        Query q = Query.empty().flag("all", all).flag("size", size || f.contains("{{.Size}}"));
        if (limit > 0) {
            q = q.with("limit", Integer.toString(limit));
        }
        JsonNode summaries = client().json("GET", "/containers/json", Filters.add(q, filters));
        out().print(TableFormat.parse(f).render(ContainerRows.LABELS,
                new ContainerRows(noTrunc, Clock.systemUTC(), customFormat()).rows(summaries)));
        return 0;
    }

    /** Whether the format is the user's, which may show any field; berth's own show no {@code CreatedAt}. */
    private boolean customFormat() {
        return format != null && !format.isEmpty() && !format.equals("table");
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
