package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth restart}: {@code POST /containers/{id}/restart} (stop as {@code berth stop}, then start). */
@Command(name = "restart", mixinStandardHelpOptions = true, description = "Restart one or more containers")
public final class RestartCommand extends EachContainerCommand {
    @Option(names = {"-s", "--signal"}, paramLabel = "string", description = "Signal to send to the container")
    String signal;

    @Option(names = {"-t", "--timeout", "--time"}, paramLabel = "int", description = "Seconds to wait before killing the container")
    Integer timeout;

    @Override
    String apply(String container) {
        Query q = Query.empty();
        if (signal != null && !signal.isEmpty()) {
            q = q.with("signal", signal);
        }
        if (timeout != null) {
            q = q.with("t", timeout.toString());
        }
        client().send("POST", path(container) + "/restart", q).close();
        return container;
    }
}
