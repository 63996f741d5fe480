package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import dev.berth.cli.output.HistoryRows;
import dev.berth.cli.output.TableFormat;
import java.time.Clock;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth history IMAGE}: the image's layers and the steps that made them. */
@Command(name = "history", mixinStandardHelpOptions = true, description = "Show the history of an image")
public final class HistoryCommand extends DaemonCommand {
    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Option(names = {"-H", "--human"}, arity = "0..1", defaultValue = "true",
            description = "Print sizes and dates in human readable format (default true)")
    boolean human;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Option(names = "--platform", paramLabel = "string", description = "Show history for the given platform")
    String platform;

    @Parameters(paramLabel = "IMAGE", arity = "1")
    String image;

    @Override
    int run() {
        Query query = platform == null ? Query.empty()
                : Query.empty().with("platform", PlatformJson.of(platform));
        var history = client().json("GET", ImagePaths.of(image) + "/history", query);
        String f = format == null || format.isEmpty() || format.equals("table")
                ? quiet ? "{{.ID}}" : human ? HistoryRows.DEFAULT_FORMAT : HistoryRows.NON_HUMAN_FORMAT : format;
        out().print(TableFormat.parse(f).render(HistoryRows.LABELS,
                new HistoryRows(noTrunc, human, Clock.systemUTC()).rows(history)));
        return 0;
    }
}
