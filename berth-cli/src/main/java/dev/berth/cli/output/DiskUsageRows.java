package dev.berth.cli.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** The summary rows of {@code docker system df} (images, containers, local volumes, build cache) from {@code GET /system/df}. */
public final class DiskUsageRows {
    public static final String DEFAULT_FORMAT = "table {{.Type}}\t{{.TotalCount}}\t{{.Active}}\t{{.Size}}\t{{.Reclaimable}}";
    public static final ObjectNode LABELS = labels();

    private DiskUsageRows() {}

    public static List<ObjectNode> rows(JsonNode df) {
        return List.of(images(df), containers(df.path("Containers")), volumes(df.path("Volumes")),
                buildCache(df.path("BuildCache")));
    }

    private static ObjectNode images(JsonNode df) {
        JsonNode images = df.path("Images");
        long total = df.path("LayersSize").asLong();
        int active = 0;
        long used = 0;
        for (JsonNode i : images) {
            long containers = i.path("Containers").asLong();
            if (containers > 0) {
                active++;
            }
            if (containers != 0 && i.path("SharedSize").asLong() != -1) {
                used += i.path("Size").asLong() - i.path("SharedSize").asLong();
            }
        }
        return row("Images", images.size(), active, total, total - used);
    }

    private static ObjectNode containers(JsonNode containers) {
        int active = 0;
        long size = 0;
        long reclaimable = 0;
        for (JsonNode c : containers) {
            String state = c.path("State").asText("");
            boolean running = state.equals("running") || state.equals("paused") || state.equals("restarting");
            active += running ? 1 : 0;
            size += c.path("SizeRw").asLong();
            reclaimable += running ? 0 : c.path("SizeRw").asLong();
        }
        return row("Containers", containers.size(), active, size, reclaimable);
    }

    private static ObjectNode volumes(JsonNode volumes) {
        int active = 0;
        long size = 0;
        long reclaimable = 0;
        for (JsonNode v : volumes) {
            long refs = v.path("UsageData").path("RefCount").asLong();
            long s = v.path("UsageData").path("Size").asLong();
            active += refs > 0 ? 1 : 0;
            if (s != -1) {
                size += s;
                reclaimable += refs > 0 ? 0 : s;
            }
        }
        return row("Local Volumes", volumes.size(), active, size, reclaimable);
    }

    private static ObjectNode buildCache(JsonNode cache) {
        int active = 0;
        long size = 0;
        long reclaimable = 0;
        for (JsonNode b : cache) {
            boolean inUse = b.path("InUse").asBoolean();
            boolean shared = b.path("Shared").asBoolean();
            active += inUse ? 1 : 0;
            size += shared ? 0 : b.path("Size").asLong();
            reclaimable += inUse || shared ? 0 : b.path("Size").asLong();
        }
        ObjectNode row = row("Build Cache", cache.size(), active, size, reclaimable);
        // docker gives no percentage for build cache
        row.put("Reclaimable", HumanSize.precise(reclaimable));
        return row;
    }

    private static ObjectNode row(String type, int total, int active, long size, long reclaimable) {
        ObjectNode row = JsonNodeFactory.instance.objectNode();
        row.put("Active", Integer.toString(active));
        row.put("Reclaimable", size > 0 ? HumanSize.precise(reclaimable) + " (" + reclaimable * 100 / size + "%)"
                : HumanSize.precise(reclaimable));
        row.put("Size", HumanSize.precise(size));
        row.put("TotalCount", Integer.toString(total));
        row.put("Type", type);
        return row;
    }

    private static ObjectNode labels() {
        ObjectNode l = JsonNodeFactory.instance.objectNode();
        l.put("Active", "ACTIVE");
        l.put("Reclaimable", "RECLAIMABLE");
        l.put("Size", "SIZE");
        l.put("TotalCount", "TOTAL");
        l.put("Type", "TYPE");
        return l;
    }
}
