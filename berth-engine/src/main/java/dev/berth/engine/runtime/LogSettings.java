package dev.berth.engine.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What conmon does with a container's output besides handing it to attached clients: keep it in its k8s-file log
 * (read by {@code docker logs}), its size capped or not, or keep nothing ({@code --log-driver none}).
 *
 * @param kept whether a log file is written
 * @param maxSize the size at which conmon starts the file over ({@code --log-opt max-size} with one file)
 */
public record LogSettings(boolean kept, OptionalLong maxSize) {
    /** A log file without a size limit: what docker's json-file does by default. */
    public static final LogSettings UNBOUNDED = new LogSettings(true, OptionalLong.empty());
    /** No log at all. */
    public static final LogSettings NONE = new LogSettings(false, OptionalLong.empty());

    public LogSettings {
        if (maxSize.isPresent() && (!kept || maxSize.getAsLong() <= 0)) {
            throw new IllegalArgumentException("max size " + maxSize + " for a log kept: " + kept);
        }
    }

    /** conmon's arguments for this log at {@code file}. */
    List<String> conmonArgs(Path file) {
        if (!kept) {
            // conmon's "none" driver writes nothing; attach still gets the output from its console or pipes.
            return List.of("-l", "none:");
        }
        List<String> args = new ArrayList<>(List.of("-l", "k8s-file:" + file));
        maxSize.ifPresent(size -> args.addAll(List.of("--log-size-max", Long.toString(size))));
        return args;
    }
}
