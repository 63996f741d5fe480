package dev.berth.registry.config;

import dev.berth.oci.error.BerthException;
import java.util.Locale;
import java.util.logging.Level;

/** {@code log.level} of the config, mapped onto the JDK's logging levels. */
public enum LogLevel {
    ERROR(Level.SEVERE), WARN(Level.WARNING), INFO(Level.INFO), DEBUG(Level.FINE);

    private final Level jul;

    LogLevel(Level jul) {
        this.jul = jul;
    }

    public Level jul() {
        return jul;
    }

    public static LogLevel parse(String text) {
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT).replace("WARNING", "WARN"));
        } catch (IllegalArgumentException e) {
            throw BerthException.invalid("log.level \"" + text + "\": expected error, warn, info or debug");
        }
    }
}
