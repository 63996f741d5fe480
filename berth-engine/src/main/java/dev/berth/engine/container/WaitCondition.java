package dev.berth.engine.container;

import dev.berth.oci.error.BerthException;

/** {@code POST /containers/{id}/wait?condition=…}: when the wait ends. */
public enum WaitCondition {
    /** At once when the container does not run (created counts), else when it exits; the default. */
    NOT_RUNNING,
    /** When it next exits, even if it is not running now (the CLI waits so before it starts a container). */
    NEXT_EXIT,
    /** When it is removed ({@code docker run --rm}). */
    REMOVED;

    public static WaitCondition parse(String text) {
        return switch (text) {
            case "", "not-running" -> NOT_RUNNING;
            case "next-exit" -> NEXT_EXIT;
            case "removed" -> REMOVED;
            default -> throw BerthException.invalid("invalid condition: \"" + text + "\"");
        };
    }
}
