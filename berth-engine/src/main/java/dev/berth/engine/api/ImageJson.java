package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.image.ImageRef;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.image.ImageSummary;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Json;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Images in the Engine API's shapes: {@code ImageSummary}, {@code ImageInspect}, {@code HistoryResponseItem}. */
final class ImageJson {
    private ImageJson() {}

    /** One entry of {@code GET /images/json}; before API 1.43 an unnamed image shows {@code <none>:<none>}. */
    static ObjectNode summary(ImageSummary s, ApiVersion version) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        ImageRecord image = s.image();
        n.put("Containers", -1);
        n.put("Created", image.created().getEpochSecond());
        n.put("Id", image.id().toString());
        ObjectNode labels = n.putObject("Labels");
        s.labels().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> labels.put(e.getKey(), e.getValue()));
        n.put("ParentId", "");
        ArrayNode digests = n.putArray("RepoDigests");
        ArrayNode tags = n.putArray("RepoTags");
        if (version.lessThan("1.43") && s.repoTags().isEmpty() && s.repoDigests().isEmpty()) {
            tags.add("<none>:<none>");
            digests.add("<none>@<none>");
        }
        s.repoDigests().forEach(digests::add);
        s.repoTags().forEach(tags::add);
        n.put("SharedSize", -1);
        n.put("Size", image.size());
        if (version.lessThan("1.44")) {
            n.put("VirtualSize", image.size());
        }
        return n;
    }

    /** {@code GET /images/{name}/json}, in the field order of dockerd. */
    static ObjectNode inspect(ImageStore store, ImageRecord image, ApiVersion version) {
        List<ImageRef> refs = store.refsOf(image.id());
        ObjectNode config = Json.object(store.configBytes(image.id()), "image config " + image.id());
        ImageConfig parsed = store.config(image.id());
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("Id", image.id().toString());
        ArrayNode tags = n.putArray("RepoTags");
        ArrayNode digests = n.putArray("RepoDigests");
        for (ImageRef r : refs) {
            (r.isTag() ? tags : digests).add(r.reference().familiarString());
        }
        n.put("Parent", "");
        n.put("Comment", text(config, "comment"));
        n.put("Created", parsed.created().orElse("0001-01-01T00:00:00Z"));
        if (version.lessThan("1.45")) {
            n.put("Container", "");
            n.set("ContainerConfig", emptyContainerConfig());
        }
        n.put("DockerVersion", text(config, "docker_version"));
        n.put("Author", parsed.author().orElse(""));
        JsonNode execution = config.get("config");
        n.set("Config", execution == null || execution.isNull() ? SystemRoutes.NODES.objectNode() : execution);
        n.put("Architecture", image.platform().architecture());
        image.platform().variant().ifPresent(v -> n.put("Variant", v));
        n.put("Os", image.platform().os());
        parsed.osVersion().ifPresent(v -> n.put("OsVersion", v));
        n.put("Size", image.size());
        if (version.lessThan("1.44")) {
            n.put("VirtualSize", image.size());
        }
        n.set("GraphDriver", graphDriver(store, image));
        ObjectNode rootfs = n.putObject("RootFS");
        rootfs.put("Type", "layers");
        ArrayNode layers = rootfs.putArray("Layers");
        parsed.diffIds().forEach(d -> layers.add(d.toString()));
        ObjectNode metadata = n.putObject("Metadata");
        refs.stream().filter(ImageRef::isTag).map(ImageRef::taggedAt).max(Instant::compareTo)
                .ifPresentOrElse(t -> metadata.put("LastTagTime", rfc3339(t)),
                        () -> metadata.put("LastTagTime", "0001-01-01T00:00:00Z"));
        return n;
    }

    /** The overlay lower directories a container of the image would stack, top first, as dockerd's overlay2. */
    private static ObjectNode graphDriver(ImageStore store, ImageRecord image) {
        ObjectNode g = SystemRoutes.NODES.objectNode();
        ObjectNode data = g.putObject("Data");
        List<String> lowers = new ArrayList<>();
        for (ImageLayer l : image.layers().reversed()) {
            lowers.add(store.layers().path(l.chainId()).toString());
        }
        if (!lowers.isEmpty()) {
            data.put("UpperDir", lowers.getFirst());
            if (lowers.size() > 1) {
                data.put("LowerDir", lowers.subList(1, lowers.size()).stream().collect(Collectors.joining(":")));
            }
        }
        g.put("Name", "overlay2");
        return g;
    }

    /** {@code GET /images/{name}/history}: newest step first; only the top step carries the ID and tags. */
    static ArrayNode history(ImageStore store, ImageRecord image) {
        ImageConfig config = store.config(image.id());
        List<ObjectNode> steps = new ArrayList<>();
        int layer = 0;
        for (ImageConfig.History h : config.history()) {
            long size = 0;
            if (!h.emptyLayer() && layer < image.layers().size()) {
                size = image.layers().get(layer++).size();
            }
            ObjectNode n = SystemRoutes.NODES.objectNode();
            n.put("Comment", h.comment().orElse(""));
            n.put("Created", h.created().map(ImageJson::epochSeconds).orElse(0L));
            n.put("CreatedBy", h.createdBy().orElse(""));
            n.put("Id", "<missing>");
            n.put("Size", size);
            n.putNull("Tags");
            steps.addFirst(n);
        }
        ArrayNode out = SystemRoutes.NODES.arrayNode();
        if (!steps.isEmpty()) {
            ObjectNode top = steps.getFirst();
            top.put("Id", image.id().toString());
            List<String> tags = store.refsOf(image.id()).stream().filter(ImageRef::isTag)
                    .map(r -> r.reference().familiarString()).toList();
            if (!tags.isEmpty()) {
                ArrayNode t = top.putArray("Tags");
                tags.forEach(t::add);
            }
        }
        steps.forEach(out::add);
        return out;
    }

    private static long epochSeconds(String rfc3339) {
        try {
            return java.time.OffsetDateTime.parse(rfc3339).toEpochSecond();
        } catch (java.time.format.DateTimeParseException e) {
            return 0;
        }
    }

    private static ObjectNode emptyContainerConfig() {
        ObjectNode c = SystemRoutes.NODES.objectNode();
        c.put("Hostname", "");
        c.put("Domainname", "");
        c.put("User", "");
        c.put("AttachStdin", false);
        c.put("AttachStdout", false);
        c.put("AttachStderr", false);
        c.put("Tty", false);
        c.put("OpenStdin", false);
        c.put("StdinOnce", false);
        c.putNull("Env");
        c.putNull("Cmd");
        c.put("Image", "");
        c.putNull("Volumes");
        c.put("WorkingDir", "");
        c.putNull("Entrypoint");
        c.putNull("OnBuild");
        c.putNull("Labels");
        return c;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    static String rfc3339(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t);
    }
}
