package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.Query;
import dev.berth.oci.reference.Reference;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code berth commit CONTAINER [REPOSITORY[:TAG]]}: the container layer as a new image ({@code POST /commit}). */
@Command(name = "commit", mixinStandardHelpOptions = true, description = "Create a new image from a container's changes")
public final class CommitCommand extends DaemonCommand {
    @Option(names = {"-a", "--author"}, paramLabel = "string", description = "Author (e.g., \"John Hannibal Smith <hannibal@a-team.com>\")")
    String author = "";

    @Option(names = {"-c", "--change"}, paramLabel = "list", description = "Apply Dockerfile instruction to the created image")
    List<String> changes = new ArrayList<>();

    @Option(names = {"-m", "--message"}, paramLabel = "string", description = "Commit message")
    String message = "";

    @Option(names = {"-p", "--pause"}, arity = "0..1", defaultValue = "true", description = "Pause container during commit (default true)")
    boolean pause;

    @Parameters(index = "0", paramLabel = "CONTAINER")
    String container;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REPOSITORY[:TAG]")
    String reference;

    @Override
    int run() {
        Query q = Query.empty().with("container", container).with("comment", message).with("author", author)
                .with("pause", Boolean.toString(pause));
        if (reference != null && !reference.isEmpty()) {
            Reference ref = reference(reference);
            q = q.with("repo", ref.familiarName()).with("tag", ref.tag().orElse(""));
        } else {
            q = q.with("repo", "").with("tag", "");
        }
        for (String c : changes) {
            q = q.with("changes", c);
        }
        JsonNode result = client().json("POST", "/commit", q);
        out().println(result.path("Id").asText());
        return 0;
    }
}
