package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth kill}: {@code POST /containers/{id}/kill?signal=…} (SIGKILL unless {@code -s}). */
public final class KillCommand extends EachContainerCommand {
    @Override
    public CommandSpec spec() {
        return specified("kill", "Kill one or more running containers", List.of(SIGNAL));
    }

    @Override
    String apply(String container) {
        String signal = SIGNAL.string(spec);
        Query q = signal == null || signal.isEmpty() ? Query.empty() : Query.empty().with("signal", signal);
        client().send("POST", path(container) + "/kill", q).close();
        return container;
    }
}
