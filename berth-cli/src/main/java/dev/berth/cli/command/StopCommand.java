package dev.berth.cli.command;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth stop}: {@code POST /containers/{id}/stop} — the stop signal, then SIGKILL after the timeout. */
public final class StopCommand extends EachContainerCommand {
    @Override
    public CommandSpec spec() {
        return specified("stop", "Stop one or more running containers", List.of(SIGNAL, TIMEOUT));
    }

    @Override
    String apply(String container) {
        client().send("POST", path(container) + "/stop", stopQuery()).close();
        return container;
    }
}
