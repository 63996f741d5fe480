package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.cli.output.ImageRows;
import dev.berth.cli.output.TableFormat;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code berth images} / {@code berth image ls}: {@code GET /images/json} as docker's table or a template. */
public final class ImageListCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag ALL =
            new Flag(Flag.Kind.FLAG, "", "Show all images (default hides intermediate images)", "-a", "--all");
    private static final Flag DIGESTS = new Flag(Flag.Kind.FLAG, "", "Show digests", "--digests");
    private static final Flag FILTER = new Flag(Flag.Kind.LIST, "filter",
            "Filter output based on conditions provided", "-f", "--filter");
    private static final Flag FORMAT =
            new Flag(Flag.Kind.STRING, "string", "Format output using a custom template", "--format");
    private static final Flag NO_TRUNC = new Flag(Flag.Kind.FLAG, "", "Don't truncate output", "--no-trunc");
    private static final Flag QUIET = new Flag(Flag.Kind.FLAG, "", "Only show image IDs", "-q", "--quiet");
    private static final List<Flag> FLAGS = List.of(ALL, DIGESTS, FILTER, FORMAT, NO_TRUNC, QUIET);

    boolean all;
    boolean digests;
    List<String> filters = new ArrayList<>();
    String format;
    boolean noTrunc;
    boolean quiet;
    String repository;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "ls", "List images", FLAGS).aliases("list");
        spec.addPositional(PositionalParamSpec.builder().paramLabel("REPOSITORY[:TAG]").arity("0..1")
                .type(String.class).build());
        return spec;
    }

    private void readFlags() {
        all = ALL.isSet(spec);
        digests = DIGESTS.isSet(spec);
        filters = FILTER.strings(spec);
        format = FORMAT.string(spec);
        noTrunc = NO_TRUNC.isSet(spec);
        quiet = QUIET.isSet(spec);
        repository = spec.positionalParameters().getFirst().getValue();
    }

    @Override
    int run() {
        readFlags();
        List<String> all = new ArrayList<>(filters);
        if (repository != null) {
            all.add("reference=" + repository);
        }
        JsonNode summaries = client().json("GET", "/images/json", Filters.add(Query.empty().flag("all", this.all), all));
        String f = format();
        // docker fills the Digest column whenever the template shows it, --digests or not
        boolean showDigests = digests || f.contains("{{.Digest}}");
        out().print(TableFormat.parse(f).render(ImageRows.LABELS,
                new ImageRows(noTrunc, showDigests, Clock.systemUTC(), customFormat()).rows(summaries)));
        return 0;
    }

    /** Whether the format is the user's, which may show any field; berth's own show no {@code CreatedAt}. */
    private boolean customFormat() {
        return format != null && !format.isEmpty() && !format.equals("table");
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
