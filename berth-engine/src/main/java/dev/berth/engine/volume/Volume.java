package dev.berth.engine.volume;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A volume as the Engine API shows it ({@code volume.Volume}): its name, driver (always {@code local}), labels,
 * driver options, creation time and where its data is on the host ({@code Mountpoint}).
 */
public record Volume(String name, String driver, Map<String, String> labels, LocalOptions options, Instant createdAt,
        Path mountpoint) {
    /** Docker's label on the volumes it made without a name (image {@code VOLUME}, {@code -v /dir}). */
    public static final String ANONYMOUS_LABEL = "com.docker.volume.anonymous";
    public static final String LOCAL = "local";

    public Volume {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(driver, "driver");
        labels = java.util.Collections.unmodifiableMap(new TreeMap<>(labels));
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(mountpoint, "mountpoint");
    }

    public boolean anonymous() {
        return labels.containsKey(ANONYMOUS_LABEL);
    }
}
