package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import dev.berth.oci.reference.Reference;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code berth tag SOURCE TARGET}: {@code POST /images/{source}/tag?repo=…&tag=…}. */
public final class TagCommand extends DaemonCommand implements SpecifiedCommand {
    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "tag", "Create a tag TARGET_IMAGE that refers to SOURCE_IMAGE", List.of());
        spec.addPositional(PositionalParamSpec.builder().index("0").paramLabel("SOURCE_IMAGE[:TAG]").required(true)
                .type(String.class).build());
        spec.addPositional(PositionalParamSpec.builder().index("1").paramLabel("TARGET_IMAGE[:TAG]").required(true)
                .type(String.class).build());
        return spec;
    }

    @Override
    int run() {
        String source = spec.positionalParameters().get(0).getValue();
        String target = spec.positionalParameters().get(1).getValue();
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
