package dev.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.snapshot.ContainerLayer;
import dev.berth.engine.snapshot.MountTable;
import dev.berth.engine.snapshot.OverlaySnapshotter;
import dev.berth.engine.snapshot.Snapshotter;
import dev.berth.engine.snapshot.UnpackedTestImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Real containers for tests: an overlay snapshotter and a {@link ContainerRuntime} under a temporary root, cgroups
 * under a parent of their own; {@link #close} removes every container and checks nothing leaked (mount, cgroup,
 * conmon process, state).
 */
final class RuntimeFixture implements AutoCloseable {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    final Path root;
    final String cgroupParent = "/berth-test-" + UUID.randomUUID().toString().substring(0, 8);
    final Snapshotter snapshots;
    ContainerRuntime runtime;
    private final List<String> ids = new ArrayList<>();

    RuntimeFixture(Path root) {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "containers need root");
        Assumptions.assumeTrue(Files.isExecutable(OciRuntime.RUNC) && Files.isExecutable(RuntimeConfig.CONMON),
                "runc and conmon are installed by scripts/deps.sh");
        this.root = root;
        this.snapshots = OverlaySnapshotter.open(root.resolve("snapshots"));
        this.runtime = ContainerRuntime.open(config());
    }

    RuntimeConfig config() {
        RuntimeConfig base = RuntimeConfig.under(root.resolve("run"));
        return new RuntimeConfig(base.stateDir(), base.socketDir(), base.conmon(), base.runtimes(),
                base.defaultRuntime(), cgroupParent);
    }

    /** A new container id with its root file system from test image {@code image} mounted. */
    ContainerSpec spec(String image) {
        String id = "t" + UUID.randomUUID().toString().replace("-", "");
        UnpackedTestImage unpacked = UnpackedTestImage.of(image);
        ContainerLayer layer = snapshots.create(id, unpacked.lowers());
        ids.add(id);
        return ContainerSpec.of(id, layer.rootfs(), unpacked.containerConfig());
    }

    /** Creates and starts {@code spec} with runc, then waits for it to exit. */
    ExitStatus run(ContainerSpec spec) {
        runtime.create(spec, "runc");
        runtime.start(spec.id());
        return runtime.awaitExit(spec.id(), Duration.ofSeconds(60)).orElseThrow();
    }

    String stdout(String id) {
        StringBuilder out = new StringBuilder();
        runtime.logs(id).stream().filter(l -> l.stream() == LogLine.Stream.STDOUT)
                .forEach(l -> out.append(new String(l.bytes(), java.nio.charset.StandardCharsets.UTF_8)));
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            for (String id : ids) {
                if (runtime.list().contains(id)) {
                    runtime.remove(id, true);
                }
                snapshots.remove(id);
            }
        } finally {
            // The runtime's exit watcher holds an inotify instance, of which a user has few (128, shared by every
            // process of root on the machine): one per test left open ran other daemons out of them.
            runtime.close();
        }
        assertThat(MountTable.mountsUnder(root)).as("mounts left").isEmpty();
        assertRuntimeLeftNothing();
        removeCgroupParent();
    }

    /** No cgroup, conmon or state of any container is left (the snapshots are the fixture's, removed on close). */
    void assertRuntimeLeftNothing() throws IOException {
        assertThat(cgroupDirs()).as("container cgroups left").isEmpty();
        assertThat(conmons()).as("conmon processes left").isEmpty();
        try (Stream<Path> left = Files.list(config().stateDir())) {
            assertThat(left).as("container state left").isEmpty();
        }
    }

    /** The containers' cgroup directories in every controller (parents excluded). */
    List<Path> cgroupDirs() throws IOException {
        List<Path> dirs = new ArrayList<>();
        try (Stream<Path> controllers = Files.list(CGROUP_ROOT)) {
            for (Path controller : controllers.toList()) {
                Path parent = controller.resolve(cgroupParent.substring(1));
                if (Files.isDirectory(parent)) {
                    try (Stream<Path> children = Files.list(parent)) {
                        children.filter(Files::isDirectory).forEach(dirs::add);
                    }
                }
            }
        }
        return dirs;
    }

    /** conmon processes of this fixture, found by their state directory on the command line. */
    List<ProcessHandle> conmons() {
        String marker = root.toString();
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("conmon")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a).contains(marker)).orElse(false))
                .toList();
    }

    private void removeCgroupParent() throws IOException {
        try (Stream<Path> controllers = Files.list(CGROUP_ROOT)) {
            for (Path controller : controllers.toList()) {
                Path parent = controller.resolve(cgroupParent.substring(1));
                if (Files.isDirectory(parent)) {
                    Files.delete(parent);
                }
            }
        }
    }
}
