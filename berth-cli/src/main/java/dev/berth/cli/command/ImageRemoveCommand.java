package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth rmi} / {@code berth image rm}: {@code DELETE /images/{name}}, printing Untagged:/Deleted: lines. */
@Command(name = "rm", aliases = "remove", mixinStandardHelpOptions = true, description = "Remove one or more images")
public final class ImageRemoveCommand extends DaemonCommand {
    @Option(names = {"-f", "--force"}, description = "Force removal of the image")
    boolean force;

    @Option(names = "--no-prune", description = "Do not delete untagged parents")
    boolean noPrune;

    @Parameters(paramLabel = "IMAGE", arity = "1..*")
    List<String> images;

    @Override
    int run() {
        List<String> errors = new ArrayList<>();
        boolean fatal = false;
        for (String image : images) {
            try {
                Query q = Query.empty().flag("force", force).flag("noprune", noPrune);
                JsonNode deleted = client().json("DELETE", ImagePaths.of(image), q);
                for (JsonNode item : deleted) {
                    String d = item.path("Deleted").asText("");
                    out().println(d.isEmpty() ? "Untagged: " + item.path("Untagged").asText() : "Deleted: " + d);
                }
            } catch (DaemonException e) {
                fatal |= e.status() != 404;
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            String message = String.join("\n", errors);
            if (!force || fatal) {
                throw new CliException(message);
            }
            out().flush();
            err().println(message);
        }
        return 0;
    }
}
