package dev.berth.engine.api;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.event.Event;

/** An event in the Engine API's {@code events.Message} shape, with the legacy {@code status}/{@code id} fields. */
final class EventJson {
    private EventJson() {}

    static ObjectNode of(Event e) {
        ObjectNode n = SystemRoutes.NODES.objectNode();
        if (!e.actorId().isEmpty()) {
            n.put("status", e.action());
            n.put("id", e.actorId());
        }
        n.put("Type", e.type());
        n.put("Action", e.action());
        ObjectNode actor = n.putObject("Actor");
        actor.put("ID", e.actorId());
        ObjectNode attrs = actor.putObject("Attributes");
        e.attributes().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                .forEach(a -> attrs.put(a.getKey(), a.getValue()));
        n.put("scope", "local");
        n.put("time", e.time().getEpochSecond());
        n.put("timeNano", e.timeNanos());
        return n;
    }
}
