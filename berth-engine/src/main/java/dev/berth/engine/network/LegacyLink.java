package dev.berth.engine.network;

import java.util.Objects;

/**
 * One {@code --link NAME[:ALIAS]} of a container on the default bridge (docker's legacy links): the linked
 * container's name or id, and the name it has in the linking container's {@code /etc/hosts} (the name itself
 * without an alias; the last path element of an alias given as {@code /parent/alias}).
 */
record LegacyLink(String name, String alias) {
    LegacyLink {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(alias, "alias");
    }

    static LegacyLink parse(String link) {
        String[] parts = link.split(":", 2);
        String name = parts[0].startsWith("/") ? parts[0].substring(1) : parts[0];
        return new LegacyLink(name, parts.length == 2 ? parts[1].substring(parts[1].lastIndexOf('/') + 1) : name);
    }
}
