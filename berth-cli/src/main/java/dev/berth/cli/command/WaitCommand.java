package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth wait}: {@code POST /containers/{id}/wait} for each container, printing its exit status. */
public final class WaitCommand extends EachContainerCommand {
    @Override
    public CommandSpec spec() {
        return specified("wait", "Block until one or more containers stop, then print their exit codes", List.of());
    }

    @Override
    String apply(String container) {
        JsonNode result = client().json("POST", path(container) + "/wait", Query.empty());
        return Integer.toString(result.path("StatusCode").asInt());
    }
}
