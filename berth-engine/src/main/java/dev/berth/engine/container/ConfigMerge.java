package dev.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.ContainerConfig;
import java.util.List;

/**
 * A container's {@code Config} as dockerd records it: the create request's, with the image's filled in where the
 * request left a field empty (moby {@code daemon/commit.go merge}): User, Env (the image's variables the request does
 * not set are appended), Cmd with the image's Entrypoint when the request names no Entrypoint, WorkingDir,
 * ExposedPorts, Volumes and Labels (unions, the request winning), StopSignal, Healthcheck, Shell; Hostname defaults
 * to the ID's first 12 digits.
 */
public final class ConfigMerge {
    private ConfigMerge() {}

    public static ObjectNode merge(ObjectNode request, ContainerConfig image, String id) {
        ObjectNode c = request.deepCopy();
        c.remove(List.of("HostConfig", "NetworkingConfig"));
        ObjectNode img = image.json();
        if (text(c, "Hostname").isEmpty()) {
            c.put("Hostname", id.substring(0, 12));
        }
        c.put("Domainname", text(c, "Domainname"));
        if (text(c, "User").isEmpty()) {
            c.put("User", text(img, "User"));
        }
        mergeEnv(c, img);
        if (isEmptyList(c.get("Entrypoint"))) {
            if (isEmptyList(c.get("Cmd"))) {
                copy(img, c, "Cmd");
                copy(img, c, "ArgsEscaped");
            }
            if (isNull(c.get("Entrypoint"))) {
                copy(img, c, "Entrypoint");
            }
        }
        JsonNode entrypoint = c.get("Entrypoint");
        if (entrypoint != null && entrypoint.isArray() && entrypoint.size() == 1
                && entrypoint.get(0).asText().isEmpty()) {
            // --entrypoint "" (the CLI sends [""]): the image's is dropped, as its Cmd was above, and none is kept.
            c.putNull("Entrypoint");
        }
        if (text(c, "WorkingDir").isEmpty()) {
            c.put("WorkingDir", text(img, "WorkingDir"));
        }
        union(c, img, "ExposedPorts");
        union(c, img, "Volumes");
        union(c, img, "Labels");
        if (text(c, "StopSignal").isEmpty() && !text(img, "StopSignal").isEmpty()) {
            c.put("StopSignal", text(img, "StopSignal"));
        }
        mergeHealthcheck(c, img);
        if (isEmptyList(c.get("Shell"))) {
            copy(img, c, "Shell");
        }
        if (isEmptyList(c.get("OnBuild"))) {
            copy(img, c, "OnBuild");
        }
        for (String flag : List.of("AttachStdin", "AttachStdout", "AttachStderr", "Tty", "OpenStdin", "StdinOnce")) {
            c.put(flag, c.path(flag).asBoolean(false));
        }
        if (!c.has("Labels") || c.get("Labels").isNull()) {
            c.putObject("Labels");
        }
        return c;
    }

    private static void mergeEnv(ObjectNode c, ObjectNode img) {
        JsonNode imageEnv = img.get("Env");
        if (isEmptyList(c.get("Env"))) {
            if (imageEnv != null) {
                c.set("Env", imageEnv.deepCopy());
            }
            return;
        }
        ArrayNode env = (ArrayNode) c.get("Env");
        List<String> userKeys = new java.util.ArrayList<>();
        env.forEach(e -> userKeys.add(key(e.asText())));
        if (imageEnv != null) {
            for (JsonNode e : imageEnv) {
                if (!userKeys.contains(key(e.asText()))) {
                    env.add(e.asText());
                }
            }
        }
    }

    private static void mergeHealthcheck(ObjectNode c, ObjectNode img) {
        JsonNode image = img.get("Healthcheck");
        if (image == null || image.isNull()) {
            return;
        }
        JsonNode mine = c.get("Healthcheck");
        if (mine == null || mine.isNull()) {
            c.set("Healthcheck", image.deepCopy());
            return;
        }
        ObjectNode h = (ObjectNode) mine;
        if (isEmptyList(h.get("Test"))) {
            copy((ObjectNode) image, h, "Test");
        }
        for (String d : List.of("Interval", "Timeout", "StartPeriod", "StartInterval", "Retries")) {
            if (h.path(d).asLong(0) == 0 && image.has(d)) {
                h.set(d, image.get(d).deepCopy());
            }
        }
    }

    private static String key(String entry) {
        int eq = entry.indexOf('=');
        return eq < 0 ? entry : entry.substring(0, eq);
    }

    private static void union(ObjectNode c, ObjectNode img, String field) {
        JsonNode image = img.get(field);
        if (image == null || !image.isObject() || image.isEmpty()) {
            return;
        }
        ObjectNode merged = ((ObjectNode) image).deepCopy();
        JsonNode mine = c.get(field);
        if (mine != null && mine.isObject()) {
            merged.setAll((ObjectNode) mine);
        }
        c.set(field, merged);
    }

    private static void copy(ObjectNode from, ObjectNode to, String field) {
        JsonNode v = from.get(field);
        if (v != null) {
            to.set(field, v.deepCopy());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? "" : v.asText();
    }

    private static boolean isNull(JsonNode n) {
        return n == null || n.isNull();
    }

    private static boolean isEmptyList(JsonNode n) {
        return n == null || n.isNull() || n.isArray() && n.isEmpty() || n.isTextual() && n.asText().isEmpty();
    }
}
