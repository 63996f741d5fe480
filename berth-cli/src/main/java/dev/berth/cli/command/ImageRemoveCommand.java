package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.Query;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** {@code berth rmi} / {@code berth image rm}: {@code DELETE /images/{name}}, printing Untagged:/Deleted: lines. */
public final class ImageRemoveCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag FORCE = new Flag(Flag.Kind.FLAG, "", "Force removal of the image", "-f", "--force");
    private static final Flag NO_PRUNE = new Flag(Flag.Kind.FLAG, "", "Do not delete untagged parents", "--no-prune");

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "rm", "Remove one or more images", List.of(FORCE, NO_PRUNE))
                .aliases("remove");
        spec.addPositional(SpecifiedCommand.values("IMAGE"));
        return spec;
    }

    @Override
    int run() {
        List<String> errors = new ArrayList<>();
        boolean fatal = false;
        List<String> images = spec.positionalParameters().getFirst().getValue();
        for (String image : images) {
            try {
                Query q = Query.empty().flag("force", FORCE.isSet(spec)).flag("noprune", NO_PRUNE.isSet(spec));
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
            if (!FORCE.isSet(spec) || fatal) {
                throw new CliException(message);
            }
            out().flush();
            err().println(message);
        }
        return 0;
    }
}
