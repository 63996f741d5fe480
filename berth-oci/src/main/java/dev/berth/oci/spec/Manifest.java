package dev.berth.oci.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An image manifest (OCI image-spec manifest.md, and Docker's image manifest v2 schema 2): a config and layers for one
 * platform, optionally an artifact with a subject. Unknown top-level fields are kept in {@link #extra()} and written
 * back; received manifests are served from their {@link Raw} bytes, never re-serialised.
 */
public record Manifest(String mediaType, Descriptor config, List<Descriptor> layers, Optional<Descriptor> subject,
        Optional<String> artifactType, Map<String, String> annotations, ObjectNode extra) implements ManifestDocument {
    private static final Set<String> KNOWN = Set.of("schemaVersion", "mediaType", "config", "layers", "subject",
            "artifactType", "annotations");

    public Manifest {
        Objects.requireNonNull(mediaType, "mediaType");
        Objects.requireNonNull(config, "config");
        if (!MediaTypes.isManifest(mediaType)) {
            throw BerthException.invalid("manifest: unsupported media type " + mediaType);
        }
        layers = List.copyOf(layers);
        annotations = Map.copyOf(annotations);
        extra = Json.copy(extra);
    }

    /** A new OCI manifest. */
    public static Manifest of(Descriptor config, List<Descriptor> layers) {
        return new Manifest(MediaTypes.OCI_MANIFEST, config, layers, Optional.empty(), Optional.empty(), Map.of(),
                Json.NODES.objectNode());
    }

    @Override
    public ObjectNode extra() {
        return Json.copy(extra);
    }

    /**
     * Parses a manifest body; {@code contentType} is the media type it was received as (empty when unknown). The body's
     * own {@code mediaType}, when present, must agree with it.
     */
    public static Manifest parse(byte[] json, Optional<String> contentType) {
        ObjectNode node = Json.object(json, "manifest");
        String mediaType = MediaTypes.resolve(node, contentType, "manifest");
        if (!MediaTypes.isManifest(mediaType)) {
            throw BerthException.invalid("manifest: media type " + mediaType + " is not an image manifest");
        }
        requireSchemaVersion2(node, "manifest");
        JsonNode layers = node.get("layers");
        List<Descriptor> list = new ArrayList<>();
        if (layers != null && !layers.isNull()) {
            if (!layers.isArray()) {
                throw BerthException.invalid("manifest: layers must be an array");
            }
            for (JsonNode l : layers) {
                list.add(Descriptor.fromJson(l, "manifest layer"));
            }
        } else if (mediaType.equals(MediaTypes.DOCKER_MANIFEST)) {
            throw BerthException.invalid("manifest: layers is missing");
        }
        JsonNode config = node.get("config");
        if (config == null || config.isNull()) {
            throw BerthException.invalid("manifest: config is missing");
        }
        JsonNode subject = node.get("subject");
        return new Manifest(mediaType, Descriptor.fromJson(config, "manifest config"), list,
                subject == null || subject.isNull() ? Optional.empty()
                        : Optional.of(Descriptor.fromJson(subject, "manifest subject")),
                Json.text(node, "artifactType", "manifest"), Json.stringMap(node, "annotations", "manifest"),
                Json.unknown(node, KNOWN));
    }

    static void requireSchemaVersion2(ObjectNode node, String what) {
        JsonNode v = node.get("schemaVersion");
        if (v == null || !v.isIntegralNumber() || v.intValue() != 2) {
            throw BerthException.invalid(what + ": schemaVersion must be 2, got " + v);
        }
    }

    /** The manifest's JSON, known fields in spec order then the unknown ones. */
    public byte[] toJson() {
        ObjectNode node = Json.NODES.objectNode();
        node.put("schemaVersion", 2);
        node.put("mediaType", mediaType);
        artifactType.ifPresent(t -> node.put("artifactType", t));
        node.set("config", config.toJson());
        ArrayNode array = node.putArray("layers");
        layers.forEach(l -> array.add(l.toJson()));
        subject.ifPresent(s -> node.set("subject", s.toJson()));
        Json.putMap(node, "annotations", Descriptor.sortedCopy(annotations));
        node.setAll(extra);
        return Json.bytes(node);
    }

    /** The artifact type as the referrers API reports it: artifactType, else the config's media type. */
    public String effectiveArtifactType() {
        return artifactType.orElse(config.mediaType());
    }
}
