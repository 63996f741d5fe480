package dev.berth.engine.runtime;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * What conmon does with a container's output besides handing it to attached clients: keep it in its k8s-file log
 * (read by {@code docker logs}), its size capped or not, in one file or several, or keep nothing
 * ({@code --log-driver none}).
 *
 * @param kept whether a log file is written
 * @param maxSize the size at which conmon starts the file over ({@code --log-opt max-size})
 * @param maxFiles how many files of the log are kept, the one written included ({@code --log-opt max-file}); above 1
 *     the files conmon starts over from are kept by {@link LogRotator}
 */
public record LogSettings(boolean kept, OptionalLong maxSize, int maxFiles) {
    /** A log file without a size limit: what docker's json-file does by default. */
    public static final LogSettings UNBOUNDED = new LogSettings(true, OptionalLong.empty(), 1);
    /** No log at all. */
    public static final LogSettings NONE = new LogSettings(false, OptionalLong.empty(), 1);

    public LogSettings {
        if (maxSize.isPresent() && (!kept || maxSize.getAsLong() <= 0)) {
            throw new IllegalArgumentException("max size " + maxSize + " for a log kept: " + kept);
        }
        if (maxFiles < 1 || maxFiles > 1 && maxSize.isEmpty()) {
            throw new IllegalArgumentException("max files " + maxFiles + " for a log of max size " + maxSize);
        }
    }

    /** A log started over at {@code maxSize}, of which {@code maxFiles} files are kept. */
    public static LogSettings bounded(long maxSize, int maxFiles) {
        return new LogSettings(true, OptionalLong.of(maxSize), maxFiles);
    }

    /** Whether files conmon replaces are kept as generations. */
    boolean rotated() {
        return maxFiles > 1;
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
