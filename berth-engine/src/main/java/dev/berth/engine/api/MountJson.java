package dev.berth.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.volume.MountPoint;
import java.util.List;

/** The {@code Mounts} array of {@code GET /containers/{id}/json} ({@code types.MountPoint}). */
public final class MountJson {
    private MountJson() {}

    /** The {@code Mounts} array of a container's inspect, in docker's shape. */
    public static ArrayNode inspect(List<MountPoint> mounts) {
        ArrayNode out = SystemRoutes.NODES.arrayNode();
        for (MountPoint m : mounts) {
            ObjectNode n = out.addObject();
            n.put("Type", m.type().wire());
            if (!m.name().isEmpty()) {
                n.put("Name", m.name());
            }
            n.put("Source", m.source());
            n.put("Destination", m.destination());
            if (!m.driver().isEmpty()) {
                n.put("Driver", m.driver());
            }
            n.put("Mode", m.mode());
            n.put("RW", m.rw());
            n.put("Propagation", m.propagation());
        }
        return out;
    }
}
