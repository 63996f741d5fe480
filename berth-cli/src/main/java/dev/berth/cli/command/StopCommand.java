package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth stop}: {@code POST /containers/{id}/stop} — the stop signal, then SIGKILL after the timeout. */
@Command(name = "stop", mixinStandardHelpOptions = true, description = "Stop one or more running containers")
public final class StopCommand extends EachContainerCommand {
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
        client().send("POST", path(container) + "/stop", q).close();
        return container;
    }
}
