package dev.berth.cli.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** {@code docker system df -v}: a table per kind of object — images, containers, local volumes, build cache. */
public final class DiskUsageDetail {
    private static final String IMAGES = "table {{.Repository}}\t{{.Tag}}\t{{.ID}}\t{{.CreatedSince}}\t{{.Size}}"
            + "\t{{.SharedSize}}\t{{.UniqueSize}}\t{{.Containers}}";
    private static final String CONTAINERS = "table {{.ID}}\t{{.Image}}\t{{.Command}}\t{{.LocalVolumes}}\t{{.Size}}"
            + "\t{{.RunningFor}}\t{{.Status}}\t{{.Names}}";
    private static final String VOLUMES = "table {{.Name}}\t{{.Links}}\t{{.Size}}";
    private static final String CACHE = "table {{.ID}}\t{{.CacheType}}\t{{.Size}}\t{{.CreatedSince}}"
            + "\t{{.LastUsedSince}}\t{{.UsageCount}}\t{{.Shared}}";
    private static final int COMMAND_WIDTH = 20;

    private final Clock clock;

    public DiskUsageDetail(Clock clock) {
        this.clock = clock;
    }

    public String render(JsonNode df) {
        StringBuilder out = new StringBuilder("Images space usage:\n\n");
        out.append(TableFormat.parse(IMAGES).render(ImageRows.LABELS, new ImageRows(false, false, clock)
                .rows(df.path("Images"))));
        out.append("\nContainers space usage:\n\n");
        out.append(TableFormat.parse(CONTAINERS).render(containerLabels(), containers(df.path("Containers"))));
        out.append("\nLocal Volumes space usage:\n\n");
        out.append(TableFormat.parse(VOLUMES).render(volumeLabels(), volumes(df.path("Volumes"))));
        long cacheSize = 0;
        for (JsonNode b : df.path("BuildCache")) {
            cacheSize += b.path("Shared").asBoolean() ? 0 : b.path("Size").asLong();
        }
        out.append("\nBuild cache usage: ").append(HumanSize.precise(cacheSize)).append("\n\n");
        out.append(TableFormat.parse(CACHE).render(cacheLabels(), cache(df.path("BuildCache"))));
        return out.toString();
    }

    private List<ObjectNode> containers(JsonNode containers) {
        List<ObjectNode> rows = new ArrayList<>();
        for (JsonNode c : containers) {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            String command = c.path("Command").asText("");
            row.put("ID", ImageIds.truncate(c.path("Id").asText("")));
            row.put("Image", c.path("Image").asText(""));
            row.put("Command", GoQuote.quote(HistoryRows.ellipsis(command, COMMAND_WIDTH)));
            int volumes = 0;
            for (JsonNode m : c.path("Mounts")) {
                volumes += m.path("Driver").asText("").equals("local") ? 1 : 0;
            }
            row.put("LocalVolumes", Integer.toString(volumes));
            long rootFs = c.path("SizeRootFs").asLong();
            row.put("Size", HumanSize.of(c.path("SizeRw").asLong())
                    + (rootFs > 0 ? " (virtual " + HumanSize.of(rootFs) + ")" : ""));
            row.put("RunningFor", since(c.path("Created").asLong()));
            row.put("Status", c.path("Status").asText(""));
            List<String> names = new ArrayList<>();
            c.path("Names").forEach(n -> names.add(n.asText().replaceFirst("^/", "")));
            row.put("Names", String.join(",", names));
            rows.add(row);
        }
        return rows;
    }

    private static List<ObjectNode> volumes(JsonNode volumes) {
        List<ObjectNode> rows = new ArrayList<>();
        for (JsonNode v : volumes) {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            long size = v.path("UsageData").path("Size").asLong(-1);
            // docker prints an unknown size (-1) as "-1B"
            row.put("Name", v.path("Name").asText(""));
            row.put("Links", Long.toString(v.path("UsageData").path("RefCount").asLong(-1)));
            row.put("Size", HumanSize.precise(size));
            rows.add(row);
        }
        return rows;
    }

    private List<ObjectNode> cache(JsonNode cache) {
        List<ObjectNode> rows = new ArrayList<>();
        for (JsonNode b : cache) {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            row.put("ID", ImageIds.truncate(b.path("ID").asText("")));
            row.put("CacheType", b.path("Type").asText(""));
            row.put("Size", HumanSize.precise(b.path("Size").asLong()));
            row.put("CreatedSince", sinceIso(b.path("CreatedAt").asText("")));
            row.put("LastUsedSince", sinceIso(b.path("LastUsedAt").asText("")));
            row.put("UsageCount", Long.toString(b.path("UsageCount").asLong()));
            row.put("Shared", Boolean.toString(b.path("Shared").asBoolean()));
            rows.add(row);
        }
        return rows;
    }

    private String since(long epochSeconds) {
        return HumanDuration.of(Duration.between(Instant.ofEpochSecond(epochSeconds), clock.instant())) + " ago";
    }

    private String sinceIso(String time) {
        return time.isEmpty() ? "" : HumanDuration.of(Duration.between(Instant.parse(time), clock.instant())) + " ago";
    }

    private static ObjectNode containerLabels() {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("ID", "CONTAINER ID");
        l.put("Image", "IMAGE");
        l.put("Command", "COMMAND");
        l.put("LocalVolumes", "LOCAL VOLUMES");
        l.put("Size", "SIZE");
        l.put("RunningFor", "CREATED");
        l.put("Status", "STATUS");
        l.put("Names", "NAMES");
        return l;
    }

    private static ObjectNode volumeLabels() {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("Name", "VOLUME NAME");
        l.put("Links", "LINKS");
        l.put("Size", "SIZE");
        return l;
    }

    private static ObjectNode cacheLabels() {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("ID", "CACHE ID");
        l.put("CacheType", "CACHE TYPE");
        l.put("Size", "SIZE");
        l.put("CreatedSince", "CREATED");
        l.put("LastUsedSince", "LAST USED");
        l.put("UsageCount", "USAGE");
        l.put("Shared", "SHARED");
        return l;
    }
}
