package dev.berth.engine.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One daemon event (Engine API {@code events.Message}): {@code type} image, container, …; {@code action} pull, tag,
 * untag, delete, load, save, …; the actor's ID and attributes ({@code name} and the image's labels).
 */
public record Event(String type, String action, String actorId, Map<String, String> attributes, Instant time) {
    public Event {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(actorId, "actorId");
        attributes = Map.copyOf(attributes);
        Objects.requireNonNull(time, "time");
    }

    public long timeNanos() {
        return time.getEpochSecond() * 1_000_000_000L + time.getNano();
    }
}
