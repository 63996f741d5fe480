package dev.berth.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.snapshot.MountTable;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Checks that a daemon's containers left nothing behind on the host: mounts, conmon processes, cgroups. */
public final class Leaks {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private Leaks() {}

    /** Nothing of container {@code ids} is left, and nothing is mounted or running under {@code dataRoot}. */
    public static void assertNone(Path dataRoot, List<String> ids) throws IOException {
        assertThat(MountTable.mountsUnder(dataRoot)).as("mounts left under " + dataRoot).isEmpty();
        assertThat(conmons(dataRoot)).as("conmon processes left").isEmpty();
        assertThat(cgroups(ids)).as("container cgroups left").isEmpty();
    }

    public static List<ProcessHandle> conmons(Path dataRoot) {
        String marker = dataRoot.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("conmon")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .toList();
    }

    public static List<Path> cgroups(List<String> ids) throws IOException {
        List<Path> left = new ArrayList<>();
        try (Stream<Path> controllers = Files.list(CGROUP_ROOT)) {
            for (Path controller : controllers.toList()) {
                for (String id : ids) {
                    Path dir = controller.resolve("berth").resolve(id);
                    if (Files.isDirectory(dir)) {
                        left.add(dir);
                    }
                }
            }
        }
        return left;
    }
}
