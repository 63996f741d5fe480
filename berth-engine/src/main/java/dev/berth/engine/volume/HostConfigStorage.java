package dev.berth.engine.volume;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The storage fields of a create request's {@code HostConfig} ({@code Binds}, {@code Mounts} as {@code mount.Mount},
 * {@code Tmpfs}, {@code VolumesFrom}) read into a {@link ContainerVolumes.Request}.
 */
public final class HostConfigStorage {
    private HostConfigStorage() {}

    /** The storage request of a create's {@code HostConfig} (missing or null fields: none). */
    public static ContainerVolumes.Request request(JsonNode hostConfig) {
        List<MountRequest> mounts = new ArrayList<>();
        for (JsonNode m : hostConfig.path("Mounts")) {
            mounts.add(mount(m));
        }
        Map<String, String> tmpfs = new LinkedHashMap<>();
        hostConfig.path("Tmpfs").properties().forEach(e -> tmpfs.put(e.getKey(), e.getValue().asText("")));
        return new ContainerVolumes.Request(strings(hostConfig.path("Binds")), mounts, tmpfs,
                strings(hostConfig.path("VolumesFrom")));
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    /** One {@code mount.Mount}. */
    static MountRequest mount(JsonNode m) {
        if (!m.isObject()) {
            throw BerthException.invalid("invalid mount: expected a JSON object");
        }
        Optional<MountRequest.Bind> bind = object(m, "BindOptions").map(b -> new MountRequest.Bind(
                b.path("Propagation").asText(""), b.path("CreateMountpoint").asBoolean(false)));
        Optional<MountRequest.VolumeOpts> volume = object(m, "VolumeOptions").map(v -> new MountRequest.VolumeOpts(
                v.path("NoCopy").asBoolean(false), map(v.path("Labels")),
                v.path("DriverConfig").path("Name").asText(""), map(v.path("DriverConfig").path("Options"))));
        Optional<MountRequest.Tmpfs> tmpfs = object(m, "TmpfsOptions").map(t -> {
            List<List<String>> options = new ArrayList<>();
            t.path("Options").forEach(o -> options.add(strings(o)));
            return new MountRequest.Tmpfs(t.path("SizeBytes").asLong(0), t.path("Mode").asInt(0), options);
        });
        return new MountRequest(m.path("Type").asText(""), m.path("Source").asText(""), m.path("Target").asText(""),
                m.path("ReadOnly").asBoolean(false), bind, volume, tmpfs);
    }

    private static Optional<JsonNode> object(JsonNode m, String field) {
        JsonNode n = m.get(field);
        return n == null || n.isNull() ? Optional.empty() : Optional.of(n);
    }

    private static Map<String, String> map(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

}
