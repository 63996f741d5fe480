package dev.berth.oci.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A content descriptor (OCI image-spec descriptor.md): media type, digest and size of the content it points to, with
 * optional urls, annotations, platform, artifactType and embedded base64 {@code data}.
 */
public record Descriptor(String mediaType, Digest digest, long size, List<String> urls,
        Map<String, String> annotations, Optional<Platform> platform, Optional<String> artifactType,
        Optional<String> data) {
    public Descriptor {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(digest, "digest");
        if (mediaType.isEmpty()) {
            throw BerthException.invalid("descriptor " + digest + ": mediaType is empty");
        }
        if (size < 0) {
            throw BerthException.invalid("descriptor " + digest + ": negative size " + size);
        }
        urls = List.copyOf(urls);
        annotations = Map.copyOf(annotations);
        Objects.requireNonNull(platform, "platform");
        Objects.requireNonNull(artifactType, "artifactType");
        data.ifPresent(d -> {
            try {
                Base64.getDecoder().decode(d);
            } catch (IllegalArgumentException e) {
                throw BerthException.invalid("descriptor " + digest + ": data is not base64");
            }
        });
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), Optional.empty(), Optional.empty(),
                Optional.empty());
    }

    public Descriptor withPlatform(Platform p) {
        return new Descriptor(mediaType, digest, size, urls, annotations, Optional.of(p), artifactType, data);
    }

    public Descriptor withAnnotations(Map<String, String> a) {
        return new Descriptor(mediaType, digest, size, urls, a, platform, artifactType, data);
    }

    public Descriptor withMediaType(String type) {
        return new Descriptor(type, digest, size, urls, annotations, platform, artifactType, data);
    }

    /** The value of annotation {@code key}. */
    public Optional<String> annotation(String key) {
        return Optional.ofNullable(annotations.get(key));
    }

    public static Descriptor fromJson(JsonNode node, String what) {
        if (node == null || !node.isObject()) {
            throw BerthException.invalid(what + ": descriptor must be an object");
        }
        String digestText = Json.requiredText(node, "digest", what);
        Digest digest;
        try {
            digest = Digest.parse(digestText);
        } catch (BerthException e) {
            throw BerthException.invalid(what + ": " + e.getMessage());
        }
        JsonNode size = node.get("size");
        if (size == null || !size.canConvertToExactIntegral() || !size.isIntegralNumber()) {
            throw BerthException.invalid(what + " " + digest + ": size must be an integer");
        }
        JsonNode platform = node.get("platform");
        Optional<Platform> p = platform == null || platform.isNull() ? Optional.empty()
                : Optional.of(Platform.fromJson(platform));
        return new Descriptor(Json.requiredText(node, "mediaType", what), digest, size.longValue(),
                Json.strings(node, "urls", what).orElse(List.of()), Json.stringMap(node, "annotations", what), p,
                Json.text(node, "artifactType", what), Json.text(node, "data", what));
    }

    /** Field order as containerd and docker write descriptors. */
    public ObjectNode toJson() {
        ObjectNode node = Json.NODES.objectNode();
        node.put("mediaType", mediaType);
        artifactType.ifPresent(t -> node.put("artifactType", t));
        node.put("digest", digest.toString());
        node.put("size", size);
        Json.putStrings(node, "urls", urls);
        Json.putMap(node, "annotations", sortedCopy(annotations));
        data.ifPresent(d -> node.put("data", d));
        platform.ifPresent(p -> node.set("platform", p.toJson()));
        return node;
    }

    static Map<String, String> sortedCopy(Map<String, String> map) {
        return new java.util.TreeMap<>(map);
    }
}
