package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth diff CONTAINER}: the container layer's changes ({@code GET /containers/{id}/changes}): C, A, D. */
@Command(name = "diff", mixinStandardHelpOptions = true,
        description = "Inspect changes to files or directories on a container's filesystem")
public final class DiffCommand extends DaemonCommand {
    @Parameters(paramLabel = "CONTAINER", arity = "1")
    String container;

    @Override
    int run() {
        JsonNode changes = client().json("GET", "/containers/" + container + "/changes", Query.empty());
        for (JsonNode c : changes) {
            String kind = switch (c.path("Kind").asInt()) {
                case 0 -> "C";
                case 1 -> "A";
                case 2 -> "D";
                default -> "?";
            };
            out().println(kind + " " + c.path("Path").asText());
        }
        return 0;
    }
}
