package dev.berth.registry.storage;

import java.util.Locale;

/** What a {@link Linked} announcement made reachable in a repository. */
public enum LinkKind {
    /** A layer or config blob: pushed, or mounted from another repository. */
    BLOB,
    /** A manifest or index: pushed by digest or by tag, or a tag pointed at it. */
    MANIFEST;

    String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
