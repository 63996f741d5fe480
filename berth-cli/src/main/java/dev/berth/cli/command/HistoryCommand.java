package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import dev.berth.cli.output.HistoryRows;
import dev.berth.cli.output.TableFormat;
import java.time.Clock;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth history IMAGE}: the image's layers and the steps that made them. */
public final class HistoryCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag FORMAT =
            new Flag(Flag.Kind.STRING, "string", "Format output using a custom template", "--format");
    private static final Flag HUMAN = new Flag(Flag.Kind.FLAG_DEFAULT_TRUE, "<human>",
            "Print sizes and dates in human readable format (default true)", "-H", "--human");
    private static final Flag NO_TRUNC = new Flag(Flag.Kind.FLAG, "", "Don't truncate output", "--no-trunc");
    private static final Flag QUIET = new Flag(Flag.Kind.FLAG, "", "Only show image IDs", "-q", "--quiet");
    private static final Flag PLATFORM =
            new Flag(Flag.Kind.STRING, "string", "Show history for the given platform", "--platform");

    String format;
    boolean human = true;
    boolean noTrunc;
    boolean quiet;
    String platform;
    String image;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "history", "Show the history of an image",
                List.of(FORMAT, HUMAN, NO_TRUNC, QUIET, PLATFORM));
        spec.addPositional(SpecifiedCommand.value("IMAGE"));
        return spec;
    }

    private void readFlags() {
        format = FORMAT.string(spec);
        human = !Boolean.FALSE.equals(Flag.option(spec, HUMAN.key()).getValue());
        noTrunc = NO_TRUNC.isSet(spec);
        quiet = QUIET.isSet(spec);
        platform = PLATFORM.string(spec);
        image = spec.positionalParameters().getFirst().getValue();
    }

    @Override
    int run() {
        readFlags();
        Query query = platform == null ? Query.empty()
                : Query.empty().with("platform", PlatformJson.of(platform));
        var history = client().json("GET", ImagePaths.of(image) + "/history", query);
        boolean custom = format != null && !format.isEmpty() && !format.equals("table");
        String f = custom ? format
                : quiet ? "{{.ID}}" : human ? HistoryRows.DEFAULT_FORMAT : HistoryRows.NON_HUMAN_FORMAT;
        // the user's format may show any field; berth's own show CreatedAt only without -H
        out().print(TableFormat.parse(f).render(HistoryRows.LABELS,
                new HistoryRows(noTrunc, human, Clock.systemUTC(), custom || f.contains(".CreatedAt")).rows(history)));
        return 0;
    }
}
