package dev.berth.oci.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * An image index (OCI image-spec image-index.md) or Docker manifest list: one manifest per platform. Unknown top-level
 * fields are kept in {@link #extra()}.
 */
public record Index(String mediaType, List<Descriptor> manifests, Optional<Descriptor> subject,
        Optional<String> artifactType, Map<String, String> annotations, ObjectNode extra) implements ManifestDocument {
    private static final Set<String> KNOWN =
            Set.of("schemaVersion", "mediaType", "manifests", "subject", "artifactType", "annotations");

    public Index {
        Objects.requireNonNull(mediaType, "mediaType");
        if (!MediaTypes.isIndex(mediaType)) {
            throw BerthException.invalid("index: unsupported media type " + mediaType);
        }
        manifests = List.copyOf(manifests);
        annotations = Map.copyOf(annotations);
        extra = Json.copy(extra);
    }

    /** A new OCI index. */
    public static Index of(List<Descriptor> manifests) {
        return new Index(MediaTypes.OCI_INDEX, manifests, Optional.empty(), Optional.empty(), Map.of(),
                Json.NODES.objectNode());
    }

    @Override
    public ObjectNode extra() {
        return Json.copy(extra);
    }

    public Index withManifests(List<Descriptor> list) {
        return new Index(mediaType, list, subject, artifactType, annotations, extra);
    }

    public static Index parse(byte[] json, Optional<String> contentType) {
        ObjectNode node = Json.object(json, "index");
        String mediaType = MediaTypes.resolve(node, contentType, "index");
        if (!MediaTypes.isIndex(mediaType)) {
            throw BerthException.invalid("index: media type " + mediaType + " is not an image index");
        }
        Manifest.requireSchemaVersion2(node, "index");
        JsonNode manifests = node.get("manifests");
        if (manifests == null || !manifests.isArray()) {
            throw BerthException.invalid("index: manifests must be an array");
        }
        List<Descriptor> list = new ArrayList<>();
        for (JsonNode m : manifests) {
            list.add(Descriptor.fromJson(m, "index manifest"));
        }
        JsonNode subject = node.get("subject");
        return new Index(mediaType, list,
                subject == null || subject.isNull() ? Optional.empty()
                        : Optional.of(Descriptor.fromJson(subject, "index subject")),
                Json.text(node, "artifactType", "index"), Json.stringMap(node, "annotations", "index"),
                Json.unknown(node, KNOWN));
    }

    public byte[] toJson() {
        ObjectNode node = Json.NODES.objectNode();
        node.put("schemaVersion", 2);
        node.put("mediaType", mediaType);
        artifactType.ifPresent(t -> node.put("artifactType", t));
        ArrayNode array = node.putArray("manifests");
        manifests.forEach(m -> array.add(m.toJson()));
        subject.ifPresent(s -> node.set("subject", s.toJson()));
        Json.putMap(node, "annotations", Descriptor.sortedCopy(annotations));
        node.setAll(extra);
        return Json.bytes(node);
    }

    /**
     * The best manifest for {@code matcher}: the best-ranked platform, the first listed among equals, as containerd
     * picks. Entries without a platform, and attestations (platform unknown/unknown), are never chosen.
     */
    public Optional<Descriptor> select(PlatformMatcher matcher) {
        record Candidate(Descriptor descriptor, int rank, int position) {}
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < manifests.size(); i++) {
            Descriptor d = manifests.get(i);
            if (d.platform().isEmpty()) {
                continue;
            }
            OptionalInt rank = matcher.rank(d.platform().get());
            if (rank.isPresent()) {
                candidates.add(new Candidate(d, rank.getAsInt(), i));
            }
        }
        return candidates.stream()
                .min(Comparator.comparingInt(Candidate::rank).thenComparingInt(Candidate::position))
                .map(Candidate::descriptor);
    }
}
