package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.oci.reference.Reference;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code berth tag SOURCE TARGET}: {@code POST /images/{source}/tag?repo=…&tag=…}. */
@Command(name = "tag", mixinStandardHelpOptions = true,
        description = "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE")
public final class TagCommand extends DaemonCommand {
    @Parameters(index = "0", paramLabel = "SOURCE_IMAGE[:TAG]")
    String source;

    @Parameters(index = "1", paramLabel = "TARGET_IMAGE[:TAG]")
    String target;

    @Override
    int run() {
        Reference ref;
        try {
            ref = reference(target);
        } catch (CliException e) {
            throw new CliException("Error parsing reference: \"" + target + "\" is not a valid repository/tag: "
                    + e.getMessage());
        }
        if (ref.digest().isPresent()) {
            throw new CliException("refusing to create a tag with a digest reference");
        }
        ref = ref.withDefaultTag();
        Query query = Query.empty().with("repo", ref.name()).with("tag", ref.tag().orElseThrow());
        try (HttpResponse r = client().send("POST", ImagePaths.of(source) + "/tag", query)) {
            r.readAll();
        }
        return 0;
    }
}
