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
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The rows of {@code docker ps} from {@code GET /containers/json} summaries: one row per container with the
 * fields a {@code --format} template can name, truncated as docker truncates them unless {@code --no-trunc}.
 */
public final class ContainerRows {
    public static final ObjectNode LABELS = labels();
    public static final String DEFAULT_FORMAT =
            "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.RunningFor}}\t{{.Status}}\t{{.Ports}}\t{{.Names}}";
    private static final int COMMAND_WIDTH = 20;
    private static final int MOUNT_WIDTH = 15;

    private final boolean noTrunc;
    private final Clock clock;
    private final boolean createdAt;

    public ContainerRows(boolean noTrunc, Clock clock) {
        this(noTrunc, clock, true);
    }

    /**
     * @param createdAt whether the rows hold {@code CreatedAt}, which berth's own tables do not show: the time in the
     *                  local zone with its name costs a short-lived CLI the zone's rules (a search of every jar on the
     *                  class path for other providers of them) and the JDK's locale data for the name
     */
    public ContainerRows(boolean noTrunc, Clock clock, boolean createdAt) {
        this.noTrunc = noTrunc;
        this.clock = clock;
        this.createdAt = createdAt;
    }

    public List<ObjectNode> rows(JsonNode summaries) {
        List<ObjectNode> rows = new ArrayList<>();
        summaries.forEach(c -> rows.add(row(c)));
        return rows;
    }

    /** The fields of docker's container context, in the sorted order {@code {{json .}}} prints them. */
    private ObjectNode row(JsonNode c) {
        Instant created = Instant.ofEpochSecond(c.path("Created").asLong());
        String command = c.path("Command").asText("");
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("Command", GoQuote.quote(noTrunc ? command : ellipsis(command, COMMAND_WIDTH)));
        if (createdAt) {
            row.put("CreatedAt", GoTime.string(created));
        }
        String id = c.path("Id").asText();
        row.put("ID", noTrunc ? id : ImageIds.truncate(id));
        row.put("Image", image(c));
        row.put("Labels", labels(c.path("Labels")));
        row.put("LocalVolumes", Long.toString(localVolumes(c.path("Mounts"))));
        row.put("Mounts", mounts(c.path("Mounts")));
        row.put("Names", names(c.path("Names")));
        row.put("Networks", networks(c.path("NetworkSettings").path("Networks")));
        row.put("Ports", Ports.display(c.path("Ports")));
        row.put("RunningFor", HumanDuration.of(Duration.between(created, clock.instant())) + " ago");
        row.put("Size", size(c));
        row.put("State", c.path("State").asText(""));
        row.put("Status", c.path("Status").asText(""));
        return row;
    }

    private String image(JsonNode c) {
        String image = c.path("Image").asText("");
        if (noTrunc) {
            return image;
        }
        String imageId = c.path("ImageID").asText("");
        if (!imageId.isEmpty() && ImageIds.truncate(imageId).equals(ImageIds.truncate(image))) {
            return ImageIds.truncate(imageId);
        }
        try {
            Reference ref = Reference.parse(image);
            // the digest is left out unless --no-trunc, as docker does
            return ref.tag().map(t -> ref.nameOnly().withTag(t).familiarString())
                    .orElse(ref.nameOnly().familiarString());
        } catch (BerthException notAReference) {
            return image;
        }
    }

    private String names(JsonNode names) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : names) {
            String name = n.asText();
            String bare = name.startsWith("/") ? name.substring(1) : name;
            // names with another slash are links' aliases, shown with --no-trunc only
            if (noTrunc || !bare.contains("/")) {
                out.add(bare);
            }
        }
        return String.join(",", out);
    }

    private static String labels(JsonNode labels) {
        List<String> out = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = labels.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.add(e.getKey() + "=" + e.getValue().asText());
        }
        return String.join(",", out);
    }

    private static long localVolumes(JsonNode mounts) {
        long n = 0;
        for (JsonNode m : mounts) {
            if (m.path("Driver").asText("").equals("local")) {
                n++;
            }
        }
        return n;
    }

    private String mounts(JsonNode mounts) {
        List<String> out = new ArrayList<>();
        for (JsonNode m : mounts) {
            String name = m.path("Name").asText("");
            if (name.isEmpty()) {
                name = m.path("Source").asText("");
            }
            out.add(noTrunc ? name : ellipsis(name, MOUNT_WIDTH));
        }
        return String.join(",", out);
    }

    private static String networks(JsonNode networks) {
        TreeSet<String> names = new TreeSet<>();
        networks.fieldNames().forEachRemaining(names::add);
        return String.join(",", names);
    }

    private static String size(JsonNode c) {
        String rw = HumanSize.withPrecision(c.path("SizeRw").asLong(), 3);
        long rootFs = c.path("SizeRootFs").asLong();
        return rootFs > 0 ? rw + " (virtual " + HumanSize.withPrecision(rootFs, 3) + ")" : rw;
    }

    /** docker's {@code formatter.Ellipsis}: at most {@code width} characters, the last one {@code …} when cut. */
    static String ellipsis(String s, int width) {
        int length = s.codePointCount(0, s.length());
        if (length <= width) {
            return s;
        }
        int end = s.offsetByCodePoints(0, width - 1);
        return s.substring(0, end) + "…";
    }

    private static ObjectNode labels() {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("Command", "COMMAND");
        l.put("CreatedAt", "CREATED AT");
        l.put("ID", "CONTAINER ID");
        l.put("Image", "IMAGE");
        l.put("Labels", "LABELS");
        l.put("LocalVolumes", "LOCAL VOLUMES");
        l.put("Mounts", "MOUNTS");
        l.put("Names", "NAMES");
        l.put("Networks", "NETWORKS");
        l.put("Ports", "PORTS");
        l.put("RunningFor", "CREATED");
        l.put("Size", "SIZE");
        l.put("State", "STATE");
        l.put("Status", "STATUS");
        return l;
    }
}
