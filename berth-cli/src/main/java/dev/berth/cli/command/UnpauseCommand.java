package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth unpause}: {@code POST /containers/{id}/unpause}. */
public final class UnpauseCommand extends EachContainerCommand {
    @Override
    public CommandSpec spec() {
        return specified("unpause", "Unpause all processes within one or more containers", List.of());
    }

    @Override
    String apply(String container) {
        client().send("POST", path(container) + "/unpause", Query.empty()).close();
        return container;
    }
}
