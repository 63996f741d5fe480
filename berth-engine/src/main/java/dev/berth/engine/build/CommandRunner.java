package dev.berth.engine.build;

import dev.berth.oci.spec.ContainerConfig;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a RUN command: {@code argv} in a container whose root file system is {@code rootfs} (already mounted, the
 * caller's to diff and remove afterwards), with the user, working directory and environment of {@code config} plus
 * {@code extraEnv} (the build arguments), on {@code network}. Output goes to {@code progress} as it comes; returns
 * the exit code.
 */
public interface CommandRunner {
    int run(Path rootfs, ContainerConfig config, List<String> argv, List<String> extraEnv, BuildNetwork network,
            BuildProgress progress);

    /** Releases what running needs (the runtime's exit watcher); the default holds nothing. */
    default void close() {}
}
