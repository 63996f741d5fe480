package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code berth kill}: {@code POST /containers/{id}/kill?signal=…} (SIGKILL unless {@code -s}). */
@Command(name = "kill", mixinStandardHelpOptions = true, description = "Kill one or more running containers")
public final class KillCommand extends EachContainerCommand {
    @Option(names = {"-s", "--signal"}, paramLabel = "string", description = "Signal to send to the container")
    String signal = "";

    @Override
    String apply(String container) {
        Query q = signal.isEmpty() ? Query.empty() : Query.empty().with("signal", signal);
        client().send("POST", path(container) + "/kill", q).close();
        return container;
    }
}
