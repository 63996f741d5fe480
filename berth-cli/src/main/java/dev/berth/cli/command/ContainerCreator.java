package dev.berth.cli.command;

import dev.berth.cli.api.JsonTrees;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.Query;
import dev.berth.cli.api.RequestBody;
import dev.berth.cli.terminal.Tty;
import dev.berth.oci.reference.Reference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Creates a container as {@code docker create} and {@code docker run} do: {@code POST /containers/create}; when the
 * image is missing (404) and {@code --pull missing}, {@code Unable to find image '…' locally} and the pull's
 * progress on stderr, then once more. Warnings go to stderr, the ID to {@code --cidfile}.
 */
final class ContainerCreator {
    private ContainerCreator() {}

    static String create(DaemonCommand command, ContainerOptions o, String image, List<String> args, boolean detach) {
        if (!List.of("always", "missing", "never", "").contains(o.pull)) {
            throw new ConfigException("invalid pull option: '" + o.pull
                    + "': must be one of \"always\", \"missing\" or \"never\"");
        }
        int[] console = Streams.stdoutIsTerminal(command.root())
                ? Tty.windowSize(Tty.STDOUT).map(s -> new int[] {s.rows(), s.columns()}).orElse(new int[2])
                : new int[2];
        ObjectNode body = CreateBody.of(o, image, args, command.root().env(), detach, console);
        Path cidFile = o.cidFile.isEmpty() ? null : Path.of(o.cidFile);
        if (cidFile != null && Files.exists(cidFile)) {
            throw new CliException("container ID file found, make sure the other container isn't running or delete "
                    + cidFile);
        }
        Optional<Reference> named = Optional.of(DaemonCommand.reference(image)).map(r ->
                r.tag().isEmpty() && r.digest().isEmpty() ? r.withDefaultTag() : r);
        if (o.pull.equals("always")) {
            pull(command, o, named.orElseThrow());
        }
        Query query = Query.empty();
        if (o.name != null && !o.name.isEmpty()) {
            query = query.with("name", o.name);
        }
        if (!o.platform.isEmpty()) {
            query = query.with("platform", o.platform);
        }
        JsonNode created;
        try {
            created = post(command, query, body);
        } catch (DaemonException e) {
            if (e.status() != 404 || named.isEmpty() || !o.pull.equals("missing")) {
                throw e;
            }
            if (!o.quiet) {
                command.err().println("Unable to find image '" + named.get().familiarString() + "' locally");
                command.err().flush();
            }
            pull(command, o, named.get());
            created = post(command, query, body);
        }
        for (JsonNode w : created.path("Warnings")) {
            command.err().println("WARNING: " + w.asText());
        }
        command.err().flush();
        String id = created.path("Id").asText();
        if (cidFile != null) {
            try {
                Files.writeString(cidFile, id);
            } catch (IOException e) {
                throw new CliException("failed to write the container ID to the file: " + e.getMessage(), 1, e);
            }
        }
        return id;
    }

    private static void pull(DaemonCommand command, ContainerOptions o, Reference ref) {
        PullCommand.pull(command, ref, false, o.platform, command.err(), o.quiet);
        command.err().flush();
    }

    private static JsonNode post(DaemonCommand command, Query query, ObjectNode body) {
        return command.client().json(HttpRequest.of("POST", "/containers/create" + query)
                .withBody(new RequestBody.Bytes("application/json", JsonTrees.write(body))));
    }
}
