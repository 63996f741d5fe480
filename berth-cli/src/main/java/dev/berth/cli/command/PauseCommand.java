package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;

/** {@code berth pause}: {@code POST /containers/{id}/pause} (the freezer holds every process). */
@Command(name = "pause", mixinStandardHelpOptions = true, description = "Pause all processes within one or more containers")
public final class PauseCommand extends EachContainerCommand {
    @Override
    String apply(String container) {
        client().send("POST", path(container) + "/pause", Query.empty()).close();
        return container;
    }
}
