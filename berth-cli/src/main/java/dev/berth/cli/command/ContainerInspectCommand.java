package dev.berth.cli.command;

import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth container inspect}: {@code GET /containers/{id}/json} for each, printed as {@code inspect} prints. */
@Command(name = "inspect", mixinStandardHelpOptions = true,
        description = "Display detailed information on one or more containers")
public final class ContainerInspectCommand extends DaemonCommand {
    @Option(names = {"-f", "--format"}, paramLabel = "string", description = "Format output using a custom template")
    String format;

    @Option(names = {"-s", "--size"}, description = "Display total file sizes")
    boolean size;

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers;

    @Override
    int run() {
        List<String> raws = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String c : containers) {
            try (HttpResponse r = client().send("GET", "/containers/" + c + "/json", Query.empty().flag("size", size))) {
                raws.add(r.readString());
            } catch (DaemonException e) {
                errors.add(e.getMessage());
            }
        }
        InspectCommand.print(this, format, raws, errors);
        return 0;
    }
}
