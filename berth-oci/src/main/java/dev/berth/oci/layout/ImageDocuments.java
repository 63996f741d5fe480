package dev.berth.oci.layout;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.spec.Compression;
import dev.berth.oci.spec.MediaTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The JSON of built images: config, manifest and index, fields in the order docker and containerd write them. */
final class ImageDocuments {
    private ImageDocuments() {}

    record Config(ImagePlatform platform, Instant created, Optional<List<String>> entrypoint,
            Optional<List<String>> cmd, List<String> env, Optional<String> workingDir, Optional<String> user,
            Map<String, String> labels, List<ImageBuilder.Step> history, List<LayerDigests> layers) {}

    static byte[] config(Config c) {
        ObjectNode root = LayoutJson.MAPPER.createObjectNode();
        root.put("created", c.created().toString());
        root.put("architecture", c.platform().architecture());
        c.platform().variant().ifPresent(v -> root.put("variant", v));
        root.put("os", c.platform().os());
        ObjectNode config = root.putObject("config");
        c.user().ifPresent(u -> config.put("User", u));
        if (!c.env().isEmpty()) {
            strings(config.putArray("Env"), c.env());
        }
        c.entrypoint().ifPresent(e -> strings(config.putArray("Entrypoint"), e));
        c.cmd().ifPresent(e -> strings(config.putArray("Cmd"), e));
        c.workingDir().ifPresent(w -> config.put("WorkingDir", w));
        if (!c.labels().isEmpty()) {
            ObjectNode labels = config.putObject("Labels");
            c.labels().forEach(labels::put);
        }
        ObjectNode rootfs = root.putObject("rootfs").put("type", "layers");
        ArrayNode diffIds = rootfs.putArray("diff_ids");
        c.layers().forEach(l -> diffIds.add(l.diffId().toString()));
        ArrayNode history = root.putArray("history");
        for (ImageBuilder.Step step : c.history()) {
            ObjectNode h = history.addObject().put("created", c.created().toString()).put("created_by", step.createdBy());
            if (step.layer().isEmpty()) {
                h.put("empty_layer", true);
            }
        }
        return bytes(root);
    }

    static byte[] manifest(Digest config, long configSize, List<LayerDigests> layers, Compression compression) {
        ObjectNode root = LayoutJson.MAPPER.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", MediaTypes.OCI_MANIFEST);
        root.set("config", descriptor(MediaTypes.OCI_CONFIG, config, configSize));
        ArrayNode array = root.putArray("layers");
        layers.forEach(l -> array.add(descriptor(MediaTypes.ociLayer(compression), l.digest(), l.size())));
        return bytes(root);
    }

    /** One index entry per manifest, each with the platform its config names. */
    static byte[] index(List<ObjectNode> manifests) {
        ObjectNode root = LayoutJson.MAPPER.createObjectNode().put("schemaVersion", 2)
                .put("mediaType", MediaTypes.OCI_INDEX);
        root.putArray("manifests").addAll(manifests);
        return bytes(root);
    }

    static ObjectNode descriptor(String mediaType, Digest digest, long size) {
        return LayoutJson.MAPPER.createObjectNode().put("mediaType", mediaType).put("digest", digest.toString())
                .put("size", size);
    }

    private static void strings(ArrayNode array, List<String> values) {
        values.forEach(array::add);
    }

    static byte[] bytes(Object node) {
        try {
            return LayoutJson.MAPPER.writeValueAsString(node).getBytes(StandardCharsets.UTF_8);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialise image document", e);
        }
    }
}
