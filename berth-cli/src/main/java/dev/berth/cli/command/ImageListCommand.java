package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.ImageRows;
import dev.berth.cli.output.TableFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth images} / {@code berth image ls}: {@code GET /images/json} as docker's table or a template. */
@Command(name = "ls", aliases = "list", mixinStandardHelpOptions = true, description = "List images")
public final class ImageListCommand extends DaemonCommand {
    @Option(names = {"-a", "--all"}, description = "Show all images (default hides intermediate images)")
    boolean all;

    @Option(names = "--digests", description = "Show digests")
    boolean digests;

    @Option(names = {"-f", "--filter"}, paramLabel = "filter", description = "Filter output based on conditions provided")
    List<String> filters = new ArrayList<>();

    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Option(names = "--no-trunc", description = "Don't truncate output")
    boolean noTrunc;

    @Option(names = {"-q", "--quiet"}, description = "Only show image IDs")
    boolean quiet;

    @Parameters(paramLabel = "REPOSITORY[:TAG]", arity = "0..1")
    String repository;

    @Override
    int run() {
        List<String> all = new ArrayList<>(filters);
        if (repository != null) {
            all.add("reference=" + repository);
        }
        JsonNode summaries = client().json("GET", "/images/json", Filters.add(Query.empty().flag("all", this.all), all));
        String f = format();
        // docker fills the Digest column whenever the template shows it, --digests or not
        boolean showDigests = digests || f.contains("{{.Digest}}");
        out().print(TableFormat.parse(f).render(ImageRows.LABELS,
                new ImageRows(noTrunc, showDigests, Clock.systemUTC()).rows(summaries)));
        return 0;
    }

    private String format() {
        if (format == null || format.isEmpty() || format.equals("table")) {
            return quiet ? "{{.ID}}" : digests ? ImageRows.DIGEST_FORMAT : ImageRows.DEFAULT_FORMAT;
        }
        if (format.startsWith("table") && digests && !format.contains("{{.Digest}}")) {
            return format + "\t{{.Digest}}";
        }
        return format;
    }
}
