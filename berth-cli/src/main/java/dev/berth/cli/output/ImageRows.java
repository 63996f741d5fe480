package dev.berth.cli.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The rows of {@code docker images} from {@code GET /images/json} summaries: one row per repository and tag (and
 * per digest with {@code --digests}), repositories known only by digest get a {@code <none>} tag row, an image
 * with neither is {@code <none>/<none>}. Each row holds the fields a {@code --format} template can name.
 */
public final class ImageRows {
    /** Column labels of docker's image table. */
    public static final ObjectNode LABELS = labels();
    public static final String DEFAULT_FORMAT =
            "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    public static final String DIGEST_FORMAT =
            "table {{.Repository}}\t{{.Tag}}\t{{.Digest}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}";
    private static final String NONE = "<none>";

    private final boolean noTrunc;
    private final boolean digests;
    private final Clock clock;
    private final boolean createdAt;

    public ImageRows(boolean noTrunc, boolean digests, Clock clock) {
        this(noTrunc, digests, clock, true);
    }

    /** @param createdAt whether the rows hold {@code CreatedAt} (see {@link ContainerRows}) */
    public ImageRows(boolean noTrunc, boolean digests, Clock clock, boolean createdAt) {
        this.noTrunc = noTrunc;
        this.digests = digests;
        this.clock = clock;
        this.createdAt = createdAt;
    }

    public List<ObjectNode> rows(JsonNode summaries) {
        List<ObjectNode> rows = new ArrayList<>();
        for (JsonNode image : summaries) {
            rows.addAll(rowsOf(image));
        }
        return rows;
    }

    private List<ObjectNode> rowsOf(JsonNode image) {
        List<String> repoTags = strings(image.path("RepoTags"));
        List<String> repoDigests = strings(image.path("RepoDigests"));
        List<ObjectNode> rows = new ArrayList<>();
        if (dangling(repoTags, repoDigests)) {
            rows.add(row(image, NONE, NONE, NONE));
            return rows;
        }
        Map<String, List<String>> tags = new LinkedHashMap<>();
        for (String s : repoTags) {
            parse(s).filter(r -> r.tag().isPresent())
                    .ifPresent(r -> tags.computeIfAbsent(r.familiarName(), k -> new ArrayList<>()).add(r.tag().get()));
        }
        Map<String, List<String>> byDigest = new LinkedHashMap<>();
        for (String s : repoDigests) {
            parse(s).filter(r -> r.digest().isPresent()).ifPresent(r -> byDigest
                    .computeIfAbsent(r.familiarName(), k -> new ArrayList<>()).add(r.digest().get().toString()));
        }
        tags.forEach((repo, repoTagList) -> {
            List<String> repoDigestList = byDigest.remove(repo);
            for (String tag : repoTagList) {
                if (!digests || repoDigestList == null || repoDigestList.isEmpty()) {
                    rows.add(row(image, repo, tag, NONE));
                } else {
                    repoDigestList.forEach(d -> rows.add(row(image, repo, tag, d)));
                }
            }
        });
        byDigest.forEach((repo, list) -> {
            if (digests) {
                list.forEach(d -> rows.add(row(image, repo, NONE, d)));
            } else {
                rows.add(row(image, repo, NONE, ""));
            }
        });
        return rows;
    }

    private static boolean dangling(List<String> repoTags, List<String> repoDigests) {
        return repoTags.isEmpty() && repoDigests.isEmpty()
                || repoTags.equals(List.of("<none>:<none>")) && repoDigests.equals(List.of("<none>@<none>"));
    }

    private static Optional<Reference> parse(String text) {
        try {
            return Optional.of(Reference.parse(text));
        } catch (BerthException e) {
            // docker skips references it cannot read rather than failing the whole listing
            return Optional.empty();
        }
    }

    /** The fields of docker's image context, in the sorted order {@code {{json .}}} prints them. */
    private ObjectNode row(JsonNode image, String repository, String tag, String digest) {
        long size = image.path("Size").asLong();
        long shared = image.path("SharedSize").asLong(-1);
        long containers = image.path("Containers").asLong(-1);
        Instant created = Instant.ofEpochSecond(image.path("Created").asLong());
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("Containers", containers == -1 ? "N/A" : Long.toString(containers));
        if (createdAt) {
            row.put("CreatedAt", GoTime.string(created));
        }
        row.put("CreatedSince", HumanDuration.of(Duration.between(created, clock.instant())) + " ago");
        row.put("Digest", digest);
        row.put("ID", ImageIds.format(image.path("Id").asText(), noTrunc));
        row.put("Repository", repository);
        row.put("SharedSize", shared == -1 ? "N/A" : HumanSize.precise(shared));
        row.put("Size", HumanSize.of(size));
        row.put("Tag", tag);
        row.put("UniqueSize", shared == -1 ? "N/A" : HumanSize.precise(size - shared));
        row.put("VirtualSize", HumanSize.precise(image.has("VirtualSize") ? image.path("VirtualSize").asLong() : size));
        return row;
    }

    private static List<String> strings(JsonNode array) {
        List<String> list = new ArrayList<>();
        array.forEach(n -> list.add(n.asText()));
        return list;
    }

    private static ObjectNode labels() {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("Containers", "CONTAINERS");
        l.put("CreatedAt", "CREATED AT");
        l.put("CreatedSince", "CREATED");
        l.put("Digest", "DIGEST");
        l.put("ID", "IMAGE ID");
        l.put("Repository", "REPOSITORY");
        l.put("SharedSize", "SHARED SIZE");
        l.put("Size", "SIZE");
        l.put("Tag", "TAG");
        l.put("UniqueSize", "UNIQUE SIZE");
        l.put("VirtualSize", "SIZE");
        return l;
    }
}
