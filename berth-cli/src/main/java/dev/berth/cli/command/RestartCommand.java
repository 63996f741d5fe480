package dev.berth.cli.command;

import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth restart}: {@code POST /containers/{id}/restart} (stop as {@code berth stop}, then start). */
public final class RestartCommand extends EachContainerCommand {
    @Override
    public CommandSpec spec() {
        return specified("restart", "Restart one or more containers", List.of(SIGNAL, TIMEOUT));
    }

    @Override
    String apply(String container) {
        client().send("POST", path(container) + "/restart", stopQuery()).close();
        return container;
    }
}
