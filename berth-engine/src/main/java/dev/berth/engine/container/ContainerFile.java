package dev.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.OptionalInt;

/**
 * One container's record on disk, {@code containers/ID/container.json}: the fields of {@link Container} under the
 * names {@code GET /containers/{id}/json} uses ({@code Id}, {@code Name}, {@code Created}, {@code Image},
 * {@code Config}, {@code HostConfig}, {@code State}, {@code RestartCount}, {@code Driver}) plus
 * {@code ManuallyStopped}. Written to a temporary file, fsynced, then renamed over the old one, so a crash leaves
 * the old record or the new one, never half of one.
 */
final class ContainerFile {
    static final String NAME = "container.json";

    private ContainerFile() {}

    static ObjectNode toJson(Container c) {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("Id", c.id());
        n.put("Name", c.name());
        n.put("Created", Times.format(c.created()));
        n.put("Image", c.imageId().toString());
        n.set("Config", c.config());
        n.set("HostConfig", c.hostConfig());
        State s = c.state();
        ObjectNode state = n.putObject("State");
        state.put("Status", s.status().word());
        state.put("Pid", s.pid().orElse(0));
        state.put("ExitCode", s.exitCode());
        state.put("Error", s.error());
        state.put("OOMKilled", s.oomKilled());
        state.put("StartedAt", Times.format(s.startedAt()));
        state.put("FinishedAt", Times.format(s.finishedAt()));
        n.put("RestartCount", c.restartCount());
        n.put("ManuallyStopped", c.manuallyStopped());
        n.put("Driver", c.driver());
        return n;
    }

    static Container fromJson(JsonNode n) {
        JsonNode s = n.path("State");
        int pid = s.path("Pid").asInt(0);
        State state = new State(State.Status.parse(s.path("Status").asText("created")),
                pid > 0 ? OptionalInt.of(pid) : OptionalInt.empty(), s.path("ExitCode").asInt(0),
                s.path("Error").asText(""), s.path("OOMKilled").asBoolean(false),
                Times.parse(s.path("StartedAt").asText("")), Times.parse(s.path("FinishedAt").asText("")));
        return new Container(n.path("Id").asText(), n.path("Name").asText(),
                Times.parse(n.path("Created").asText()).orElseThrow(), Digest.parse(n.path("Image").asText()),
                object(n.get("Config")), object(n.get("HostConfig")), state, n.path("RestartCount").asInt(0),
                n.path("ManuallyStopped").asBoolean(false), n.path("Driver").asText(""));
    }

    private static ObjectNode object(JsonNode n) {
        return n instanceof ObjectNode o ? o : Json.MAPPER.createObjectNode();
    }

    static void write(Path dir, Container c) {
        Path file = dir.resolve(NAME);
        Path tmp = dir.resolve(NAME + ".tmp");
        try {
            byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(toJson(c));
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(bytes));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw BerthException.io("record container " + c.id(), e);
        }
    }

    static Container read(Path dir) {
        Path file = dir.resolve(NAME);
        try {
            return fromJson(Json.MAPPER.readTree(Files.readAllBytes(file)));
        } catch (IOException | RuntimeException e) {
            throw BerthException.corrupted("container record " + file + ": " + e.getMessage());
        }
    }
}
