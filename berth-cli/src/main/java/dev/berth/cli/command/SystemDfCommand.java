package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import dev.berth.cli.output.DiskUsageDetail;
import dev.berth.cli.output.DiskUsageRows;
import java.time.Clock;
import dev.berth.cli.output.TableFormat;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth system df}: disk usage by images, containers, volumes and build cache. */
@Command(name = "df", mixinStandardHelpOptions = true, description = "Show docker disk usage")
public final class SystemDfCommand extends DaemonCommand {
    @Option(names = "--format", paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Option(names = {"-v", "--verbose"}, description = "Show detailed information on space usage")
    boolean verbose;

    @Override
    int run() {
        var df = client().json("GET", "/system/df", Query.empty());
        if (verbose) {
            out().print(new DiskUsageDetail(Clock.systemUTC()).render(df));
            return 0;
        }
        String f = format == null || format.isEmpty() || format.equals("table") ? DiskUsageRows.DEFAULT_FORMAT : format;
        out().print(TableFormat.parse(f).render(DiskUsageRows.LABELS, DiskUsageRows.rows(df)));
        return 0;
    }
}
