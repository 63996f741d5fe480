package dev.berth.oci.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An image configuration (OCI image-spec config.md; Docker's image JSON): platform, creation, the execution
 * {@link ContainerConfig}, {@code rootfs.diff_ids} and history. Unknown fields are kept in {@link #extra()}.
 */
public record ImageConfig(String architecture, String os, Optional<String> variant, Optional<String> osVersion,
        List<String> osFeatures, Optional<String> created, Optional<String> author, Optional<ContainerConfig> config,
        List<Digest> diffIds, List<History> history, ObjectNode extra) {
    private static final Set<String> KNOWN = Set.of("architecture", "os", "variant", "os.version", "os.features",
            "created", "author", "config", "rootfs", "history");

    public ImageConfig {
        Objects.requireNonNull(architecture, "architecture");
        Objects.requireNonNull(os, "os");
        osFeatures = List.copyOf(osFeatures);
        diffIds = List.copyOf(diffIds);
        history = List.copyOf(history);
        extra = Json.copy(extra);
    }

    /** One entry of {@code history}; {@code emptyLayer} marks steps that made no layer. */
    public record History(Optional<String> created, Optional<String> createdBy, Optional<String> author,
            Optional<String> comment, boolean emptyLayer) {
        public static History of(String created, String createdBy, boolean emptyLayer) {
            return new History(Optional.of(created), Optional.of(createdBy), Optional.empty(), Optional.empty(),
                    emptyLayer);
        }

        static History fromJson(JsonNode n) {
            String what = "image config history";
            JsonNode empty = n.get("empty_layer");
            return new History(Json.text(n, "created", what), Json.text(n, "created_by", what),
                    Json.text(n, "author", what), Json.text(n, "comment", what), empty != null && empty.asBoolean());
        }

        ObjectNode toJson() {
            ObjectNode n = Json.NODES.objectNode();
            created.ifPresent(s -> n.put("created", s));
            createdBy.ifPresent(s -> n.put("created_by", s));
            author.ifPresent(s -> n.put("author", s));
            comment.ifPresent(s -> n.put("comment", s));
            if (emptyLayer) {
                n.put("empty_layer", true);
            }
            return n;
        }
    }

    public static ImageConfig of(Platform platform, ContainerConfig config, List<Digest> diffIds,
            List<History> history, Optional<String> created) {
        return new ImageConfig(platform.architecture(), platform.os(), platform.variant(), platform.osVersion(),
                platform.osFeatures(), created, Optional.empty(), Optional.of(config), diffIds, history,
                Json.NODES.objectNode());
    }

    @Override
    public ObjectNode extra() {
        return Json.copy(extra);
    }

    public Platform platform() {
        return new Platform(os, architecture, variant, osVersion, osFeatures, List.of());
    }

    /** The execution config, empty when the image has none. */
    public ContainerConfig configOrEmpty() {
        return config.orElse(ContainerConfig.EMPTY);
    }

    public ImageConfig withConfig(ContainerConfig c) {
        return new ImageConfig(architecture, os, variant, osVersion, osFeatures, created, author, Optional.of(c),
                diffIds, history, extra);
    }

    public ImageConfig withLayer(Digest diffId, History step) {
        List<Digest> ids = new ArrayList<>(diffIds);
        ids.add(diffId);
        List<History> h = new ArrayList<>(history);
        h.add(step);
        return new ImageConfig(architecture, os, variant, osVersion, osFeatures, created, author, config, ids, h,
                extra);
    }

    public static ImageConfig parse(byte[] json) {
        String what = "image config";
        ObjectNode node = Json.object(json, what);
        JsonNode rootfs = node.get("rootfs");
        if (rootfs == null || !rootfs.isObject()) {
            throw BerthException.invalid(what + ": rootfs is missing");
        }
        String type = Json.requiredText(rootfs, "type", what + " rootfs");
        if (!type.equals("layers")) {
            throw BerthException.invalid(what + ": rootfs.type must be \"layers\", got \"" + type + "\"");
        }
        List<Digest> diffIds = new ArrayList<>();
        for (String id : Json.strings(rootfs, "diff_ids", what + " rootfs").orElse(List.of())) {
            try {
                diffIds.add(Digest.parse(id));
            } catch (BerthException e) {
                throw BerthException.invalid(what + ": rootfs.diff_ids: " + e.getMessage());
            }
        }
        List<History> history = new ArrayList<>();
        JsonNode h = node.get("history");
        if (h != null && h.isArray()) {
            h.forEach(e -> history.add(History.fromJson(e)));
        }
        JsonNode config = node.get("config");
        return new ImageConfig(Json.requiredText(node, "architecture", what), Json.requiredText(node, "os", what),
                Json.text(node, "variant", what), Json.text(node, "os.version", what),
                Json.strings(node, "os.features", what).orElse(List.of()), Json.text(node, "created", what),
                Json.text(node, "author", what),
                config == null || config.isNull() ? Optional.empty() : Optional.of(ContainerConfig.fromJson(config)),
                diffIds, history, Json.unknown(node, KNOWN));
    }

    /** Field order as docker writes image configs. */
    public byte[] toJson() {
        ObjectNode node = Json.NODES.objectNode();
        node.put("architecture", architecture);
        config.ifPresent(c -> node.set("config", c.toJson()));
        created.ifPresent(s -> node.put("created", s));
        author.ifPresent(s -> node.put("author", s));
        if (!history.isEmpty()) {
            ArrayNode array = node.putArray("history");
            history.forEach(e -> array.add(e.toJson()));
        }
        node.put("os", os);
        osVersion.ifPresent(s -> node.put("os.version", s));
        Json.putStrings(node, "os.features", osFeatures);
        ObjectNode rootfs = node.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(d -> ids.add(d.toString()));
        variant.ifPresent(s -> node.put("variant", s));
        node.setAll(extra);
        return Json.bytes(node);
    }
}
