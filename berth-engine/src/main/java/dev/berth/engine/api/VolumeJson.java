package dev.berth.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.volume.Volume;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/** A volume in the Engine API's {@code volume.Volume} shape (CreatedAt in RFC 3339 to the second, as dockerd). */
final class VolumeJson {
    private VolumeJson() {}

    static ObjectNode of(Volume v) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("CreatedAt", DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(
                v.createdAt().truncatedTo(ChronoUnit.SECONDS).atOffset(ZoneOffset.UTC)).replace("+00:00", "Z"));
        n.put("Driver", v.driver());
        n.set("Labels", map(v.labels()));
        n.put("Mountpoint", v.mountpoint().toString());
        n.put("Name", v.name());
        if (v.options().options().isEmpty()) {
            n.putNull("Options");
        } else {
            n.set("Options", map(v.options().options()));
        }
        n.put("Scope", "local");
        return n;
    }

    /** With {@code UsageData}, as {@code GET /system/df} lists volumes. */
    static ObjectNode withUsage(Volume v, long size, int refCount) {
        ObjectNode n = of(v);
        n.putObject("UsageData").put("Size", size).put("RefCount", refCount);
        return n;
    }

    private static ObjectNode map(Map<String, String> m) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        m.forEach(n::put);
        return n;
    }
}
