package dev.berth.cli.command;

import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;

/** {@code berth unpause}: {@code POST /containers/{id}/unpause}. */
@Command(name = "unpause", mixinStandardHelpOptions = true, description = "Unpause all processes within one or more containers")
public final class UnpauseCommand extends EachContainerCommand {
    @Override
    String apply(String container) {
        client().send("POST", path(container) + "/unpause", Query.empty()).close();
        return container;
    }
}
