package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth pause}: {@code POST /containers/{id}/pause} (the freezer holds every process). */
public final class PauseCommand extends EachContainerCommand {
    @Override
    public CommandSpec spec() {
        return specified("pause", "Pause all processes within one or more containers", List.of());
    }

    @Override
    String apply(String container) {
        client().send("POST", path(container) + "/pause", Query.empty()).close();
        return container;
    }
}
