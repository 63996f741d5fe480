package dev.berth.engine.api;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.health.Health;

/** A container's health in Docker's shapes: inspect's {@code State.Health}, and what {@code docker ps} appends. */
final class HealthJson {
    private HealthJson() {}

    static ObjectNode of(Health h) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        n.put("Status", h.status());
        n.put("FailingStreak", h.failingStreak());
        ArrayNode log = n.putArray("Log");
        for (Health.Probe p : h.log()) {
            log.addObject().put("Start", p.start().toString()).put("End", p.end().toString())
                    .put("ExitCode", p.exitCode()).put("Output", p.output());
        }
        return n;
    }

    /** {@code " (healthy)"}, {@code " (unhealthy)"} or {@code " (health: starting)"}, as docker's Status. */
    static String suffix(Health h) {
        return h.status().equals(Health.STARTING) ? " (health: starting)" : " (" + h.status() + ")";
    }
}
