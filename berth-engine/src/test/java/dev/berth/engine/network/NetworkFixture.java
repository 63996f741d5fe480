package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.event.EventBus;
import dev.berth.engine.runtime.ContainerRuntime;
import dev.berth.engine.runtime.ContainerSpec;
import dev.berth.engine.runtime.ExitStatus;
import dev.berth.engine.runtime.LogLine;
import dev.berth.engine.runtime.OciRuntime;
import dev.berth.engine.runtime.RuntimeConfig;
import dev.berth.engine.snapshot.ContainerLayer;
import dev.berth.engine.snapshot.OverlaySnapshotter;
import dev.berth.engine.snapshot.Snapshotter;
import dev.berth.engine.snapshot.UnpackedTestImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * Real containers with real networks for tests: {@link Networks} under a temporary root (its default bridge named
 * after the test run), busybox containers run by runc; {@link #close} removes containers and networks and checks
 * nothing leaked — no bridge, no namespace file, no isolation rule, no proxy.
 */
final class NetworkFixture implements AutoCloseable {
    final Path root;
    final String tag = UUID.randomUUID().toString().substring(0, 6);
    final EventBus events = new EventBus();
    Networks networks;
    final Snapshotter snapshots;
    final ContainerRuntime runtime;
    private final String cgroupParent = "/berth-nettest-" + tag;
    private final List<String> ids = new ArrayList<>();
    private final List<String> bridges = new ArrayList<>();

    NetworkFixture(Path root) {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "networks need root");
        Assumptions.assumeTrue(Files.isExecutable(OciRuntime.RUNC) && Files.isExecutable(Path.of("/usr/lib/cni/bridge")),
                "runc and containernetworking-plugins are installed by scripts/deps.sh");
        this.root = root;
        this.networks = Networks.open(settings(), events);
        bridges.add("bt" + tag);
        this.snapshots = OverlaySnapshotter.open(root.resolve("snapshots"));
        RuntimeConfig base = RuntimeConfig.under(root.resolve("run"));
        this.runtime = ContainerRuntime.open(new RuntimeConfig(base.stateDir(), base.socketDir(), base.conmon(),
                base.runtimes(), base.defaultRuntime(), cgroupParent));
    }

    Networks.Settings settings() {
        return new Networks.Settings(root.resolve("network"), "bt" + tag, Optional.empty(), "127.0.0.1",
                Cni.DEFAULT_PLUGIN_DIR);
    }

    /** A daemon restart as networking sees it: closed, then opened again over the same state. */
    void reopen() {
        networks.close();
        networks = Networks.open(settings(), events);
    }

    Network network(String name) {
        Network n = networks.create(NetworkCreate.named(name + "-" + tag));
        bridges.add(n.bridge().orElseThrow());
        return n;
    }

    /** A busybox container registered with {@code request}'s networking, not yet started. */
    ContainerSpec busybox(ContainerRequest request, String... cmd) {
        ContainerSpec spec = spec(request.containerId(), cmd);
        networks.register(request);
        return spec;
    }

    static String newId() {
        return Networks.newId();
    }

    private ContainerSpec spec(String id, String... cmd) {
        UnpackedTestImage image = UnpackedTestImage.of("busybox");
        ContainerLayer layer = snapshots.create(id, image.lowers());
        ids.add(id);
        return ContainerSpec.of(id, layer.rootfs(), image.containerConfig()).withCmd(List.of(cmd));
    }

    /**
     * What a container start does: networking first (namespace, host files), then runtime create, the rest of the
     * networking, and start.
     */
    void start(ContainerSpec spec) {
        Networks.Started started = networks.start(spec.id());
        try {
            java.util.List<dev.berth.engine.runtime.Mount> mounts = new ArrayList<>(spec.mounts());
            mounts.addAll(started.mounts());
            runtime.create(spec.withNetworkNamespace(started.netns()).withMounts(mounts), "runc");
            networks.awaitStarted(spec.id());
            runtime.start(spec.id());
        } catch (RuntimeException e) {
            networks.stop(spec.id());
            throw e;
        }
    }

    /** Starts, waits for the exit, releases the networking; the exit status. */
    ExitStatus run(ContainerSpec spec) {
        start(spec);
        ExitStatus exit = runtime.awaitExit(spec.id(), Duration.ofSeconds(60)).orElseThrow();
        networks.stop(spec.id());
        return exit;
    }

    void stop(String id) {
        runtime.stop(id, "KILL", Duration.ofSeconds(5));
        networks.stop(id);
    }

    String output(String id) {
        StringBuilder out = new StringBuilder();
        runtime.logs(id).stream().filter(l -> l.stream() == LogLine.Stream.STDOUT || l.stream() == LogLine.Stream.STDERR)
                .forEach(l -> out.append(new String(l.bytes(), StandardCharsets.UTF_8)));
        return out.toString();
    }

    @Override
    public void close() throws IOException {
        try {
            release();
        } finally {
            runtime.close();
        }
    }

    private void release() throws IOException {
        for (String id : ids) {
            if (runtime.list().contains(id)) {
                runtime.remove(id, true);
            }
            networks.forget(id);
            snapshots.remove(id);
        }
        for (Network n : networks.list()) {
            if (!n.predefined()) {
                networks.remove(n.id());
            }
        }
        networks.close();
        assertNothingLeaked();
        HostNetworking.deleteBridge("bt" + tag);
        HostNetworking.unisolate("bt" + tag);
        for (String controller : List.of("/sys/fs/cgroup")) {
            try (Stream<Path> s = Files.list(Path.of(controller))) {
                for (Path c : s.toList()) {
                    Path dir = c.resolve(cgroupParent.substring(1));
                    if (Files.isDirectory(dir)) {
                        Files.delete(dir);
                    }
                }
            }
        }
    }

    void assertNothingLeaked() throws IOException {
        for (String b : bridges.subList(1, bridges.size())) {
            assertThat(HostNetworking.linkExists(b)).as("bridge " + b + " left").isFalse();
        }
        assertNoSandboxLeft();
        String rules = iptables();
        for (String b : bridges.subList(1, bridges.size())) {
            assertThat(rules).as("isolation rules of " + b).doesNotContain(b);
        }
    }

    /** No namespace file, no proxy listener. */
    void assertNoSandboxLeft() throws IOException {
        try (Stream<Path> left = Files.list(root.resolve("network/netns"))) {
            assertThat(left).as("namespace files left").isEmpty();
        }
        assertThat(networks.sandboxes.openProxies()).as("proxies left").isZero();
    }

    static String iptables() throws IOException {
        Process p = new ProcessBuilder("iptables", "-w", "-S").redirectErrorStream(true).start();
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
