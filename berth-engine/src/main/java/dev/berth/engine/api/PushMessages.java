package dev.berth.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.distribution.ImagePusher;
import java.util.Optional;

/**
 * A push's progress as docker's JSON messages ({@code Preparing}, {@code Pushing} with byte counts, {@code Pushed},
 * …) and its closing lines ({@code latest: digest: sha256:… size: N} and the {@code aux} record the CLI prints
 * last): what {@code docker push} answers, and a build with {@code push} after its steps.
 */
final class PushMessages implements ImagePusher.Progress {
    private final JsonMessages messages;

    PushMessages(JsonMessages messages) {
        this.messages = messages;
    }

    @Override
    public void status(Optional<String> id, String status) {
        messages.send(message(id, status));
    }

    @Override
    public void bytes(String id, long current, long total) {
        ObjectNode n = message(Optional.of(id), "Pushing");
        ObjectNode d = n.putObject("progressDetail");
        d.put("current", current);
        d.put("total", total);
        messages.send(n);
    }

    /** {@code The push refers to repository [NAME]}, the first line of a push. */
    void start(String repository) {
        messages.send(message(Optional.empty(), "The push refers to repository [" + repository + "]"));
    }

    /** The lines that close the push of one tag. */
    void pushed(ImagePusher.Pushed pushed) {
        messages.send(message(Optional.empty(), pushed.tag() + ": digest: " + pushed.digest() + " size: "
                + pushed.size()));
        ObjectNode aux = SystemRoutes.NODES.objectNode();
        aux.putObject("progressDetail");
        ObjectNode a = aux.putObject("aux");
        a.put("Tag", pushed.tag());
        a.put("Digest", pushed.digest().toString());
        a.put("Size", pushed.size());
        messages.send(aux);
    }

    /** A {@code status} message, of the layer {@code id} when present. */
    static ObjectNode message(Optional<String> id, String status) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("status", status);
        id.ifPresent(i -> {
            n.putObject("progressDetail");
            n.put("id", i);
        });
        return n;
    }
}
