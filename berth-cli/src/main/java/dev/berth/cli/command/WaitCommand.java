package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;

/** {@code berth wait}: {@code POST /containers/{id}/wait} for each container, printing its exit status. */
@Command(name = "wait", mixinStandardHelpOptions = true, description = "Block until one or more containers stop, then print their exit codes")
public final class WaitCommand extends EachContainerCommand {
    @Override
    String apply(String container) {
        JsonNode result = client().json("POST", path(container) + "/wait", Query.empty());
        return Integer.toString(result.path("StatusCode").asInt());
    }
}
