package dev.berth.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.config.DataRoot;
import dev.berth.engine.config.RuntimeStateDir;
import dev.berth.engine.container.ContainerSetup;
import dev.berth.engine.runtime.OciRuntime;
import dev.berth.engine.runtime.RuntimeConfig;
import dev.berth.engine.snapshot.MountTable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Checks that a daemon's containers left nothing behind on the host: mounts, conmon processes, cgroups; and of their
 * networking no veth on a bridge, no bridge or isolation rule of a removed network, no port proxy still listening.
 */
public final class Leaks {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");
    private static final Pattern ID = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern IP = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
    /**
     * The daemon releases an exited container on its own thread, and the kernel its network namespace on its own:
     * a leak is what is still there after this.
     */
    private static final Duration SETTLE = Duration.ofSeconds(15);

    private Leaks() {}

    /** Nothing of container {@code ids} is left, and nothing is mounted or running under {@code dataRoot}. */
    public static void assertNone(Path dataRoot, List<String> ids) throws IOException {
        assertThat(MountTable.mountsUnder(dataRoot)).as("mounts left under " + dataRoot).isEmpty();
        assertThat(conmons(dataRoot)).as("conmon processes left").isEmpty();
        assertThat(cgroups(ids)).as("container cgroups left").isEmpty();
    }

    /**
     * No container is attached to {@code bridges} any more (no veth port on them), and no proxy listens on
     * {@code ports} of {@code hostIp}: each can be bound again. A stopped container's veth goes with its network
     * namespace, which the kernel deletes on its own workqueue after the daemon dropped it: a veth is a leak when it
     * is still there after {@link #SETTLE}.
     */
    public static void assertNoEndpoints(List<String> bridges, String hostIp, List<Integer> ports)
            throws IOException {
        Instant deadline = Instant.now().plus(SETTLE);
        for (String bridge : bridges) {
            while (!bridgePorts(bridge).isEmpty() && Instant.now().isBefore(deadline)) {
                sleep();
            }
            assertThat(bridgePorts(bridge)).as("veths left on bridge " + bridge).isEmpty();
        }
        for (int port : ports) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(hostIp, port));
            } catch (IOException e) {
                throw new AssertionError("port " + hostIp + ":" + port + " still bound (proxy left?)", e);
            }
        }
    }

    /** The networks of {@code bridges} are gone: no Linux bridge, no iptables rule naming it. */
    public static void assertBridgesGone(List<String> bridges) throws IOException {
        List<String> rules = forwardRules();
        for (String bridge : bridges) {
            assertThat(Path.of("/sys/class/net", bridge)).as("bridge " + bridge + " left").doesNotExist();
            assertThat(rules).as("iptables rules of bridge " + bridge + " left")
                    .noneMatch(r -> List.of(r.split(" ")).contains(bridge));
        }
    }

    /** The interfaces (veths) attached to Linux bridge {@code bridge}; empty when it does not exist. */
    public static List<String> bridgePorts(String bridge) throws IOException {
        Path brif = Path.of("/sys/class/net", bridge, "brif");
        if (!Files.isDirectory(brif)) {
            return List.of();
        }
        try (Stream<Path> ports = Files.list(brif)) {
            return ports.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /** The rules of iptables' filter FORWARD chain, as {@code iptables -S} prints them. */
    public static List<String> forwardRules() throws IOException {
        Process p = new ProcessBuilder("iptables", "-w", "-S", "FORWARD").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        try {
            if (p.waitFor() != 0) {
                throw new IOException("iptables -S FORWARD: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("iptables -S FORWARD interrupted", e);
        }
        return out.lines().toList();
    }

    /**
     * Everything the daemon holds on the host belongs to a container it still lists, as docker's would: each existing
     * container may keep its root file system mount, its state directory (log, exit code) and its network files;
     * only a running one may have a conmon, cgroups, runtime state, a network namespace, a veth on the bridge and an
     * address. Any other mount, directory, process, cgroup or address under the daemon — say, of a container whose
     * start failed, or that was removed — is a leak. {@code seen}: ids of containers the test made (cgroups are
     * shared by every daemon on the host, so only those are looked for).
     */
    public static void assertOnlyLiveContainersHold(RunningDaemon daemon, Collection<String> seen) {
        assertOnlyLiveContainersHold(daemon.docker(), daemon.dataRoot(), seen);
    }

    /** As {@link #assertOnlyLiveContainersHold(RunningDaemon, Collection)}, for a daemon with data root {@code root}. */
    public static void assertOnlyLiveContainersHold(DockerCli docker, Path root, Collection<String> seen) {
        Instant deadline = Instant.now().plus(SETTLE);
        List<String> leaks = leaks(docker, root, seen);
        while (!leaks.isEmpty() && Instant.now().isBefore(deadline)) {
            sleep();
            leaks = leaks(docker, root, seen);
        }
        assertThat(leaks).as("left behind by containers that are gone or not running").isEmpty();
    }

    /** The ids of the containers created since {@code since} (epoch seconds), by the daemon's events. */
    public static List<String> createdSince(DockerCli docker, long since) {
        return docker.run("events", "--since", Long.toString(since), "--until",
                Long.toString(Instant.now().getEpochSecond() + 1), "--filter", "type=container", "--filter",
                "event=create", "--format", "{{.ID}}").orFail().lines();
    }

    private static List<String> leaks(DockerCli docker, Path root, Collection<String> seen) {
        try {
            return leaksOrFail(docker, root, seen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> leaksOrFail(DockerCli docker, Path root, Collection<String> seen) throws IOException {
        Map<String, String> states = new HashMap<>();
        for (String line : docker.run("ps", "-a", "--no-trunc", "--format", "{{.ID}} {{.State}}").orFail()
                .lines()) {
            String[] f = line.split(" ");
            states.put(f[0], f[1]);
        }
        Set<String> existing = states.keySet();
        Set<String> running = states.entrySet().stream().filter(e -> !e.getValue().equals("created")
                && !e.getValue().equals("exited") && !e.getValue().equals("dead")).map(Map.Entry::getKey)
                .collect(Collectors.toSet());
        List<String> leaks = new ArrayList<>();
        for (Path m : MountTable.mountsUnder(root)) {
            boolean netns = m.startsWith(root.resolve("network/netns"));
            if (!idIn(m).map(netns ? running::contains : existing::contains).orElse(false)) {
                leaks.add("mount " + m);
            }
        }
        RuntimeConfig runtimeState = ContainerSetup.runtimeConfig(new DataRoot(root));
        leaks.addAll(strays(runtimeState.stateDir(), existing));
        leaks.addAll(strays(root.resolve("snapshots"), existing));
        leaks.addAll(strays(root.resolve("network/containers"), existing));
        leaks.addAll(strays(RuntimeStateDir.of(new DataRoot(root)).hostFiles(), existing));
        leaks.addAll(strays(root.resolve("network/netns"), running));
        for (OciRuntime runtime : runtimeState.runtimes().values()) {
            leaks.addAll(strays(runtime.root(), running));
        }
        for (Path link : list(runtimeState.socketDir())) {
            if (!idIn(target(link)).map(running::contains).orElse(false)) {
                leaks.add("attach socket link " + link);
            }
        }
        for (ProcessHandle p : conmons(root)) {
            if (!idIn(Path.of(String.join("/", p.info().arguments().orElse(new String[0])))).map(running::contains)
                    .orElse(false)) {
                leaks.add("conmon " + p.pid() + " " + p.info().commandLine().orElse(""));
            }
        }
        ProcessHandle.allProcesses().filter(p -> p.info().command().map(c -> c.endsWith("/runc")).orElse(false))
                .filter(p -> p.info().commandLine().map(c -> c.contains(root.toString())
                        || c.contains(runtimeState.stateDir().getParent().toString())).orElse(false))
                .forEach(p -> leaks.add("runc " + p.pid() + " " + p.info().commandLine().orElse("")));
        List<String> gone = seen.stream().filter(id -> !running.contains(id)).toList();
        cgroupsOf(gone).forEach(c -> leaks.add("cgroup " + c));
        long addresses = list(root.resolve("network/ipam")).stream().flatMap(d -> list(d).stream())
                .filter(f -> IP.matcher(f.getFileName().toString()).matches()).count();
        if (addresses > running.size()) {
            leaks.add(addresses + " addresses reserved for " + running.size() + " running containers");
        }
        String bridge = docker.run("network", "inspect", "bridge", "--format",
                "{{index .Options \"com.docker.network.bridge.name\"}}").orFail().out().strip();
        List<String> ports = bridgePorts(bridge);
        if (ports.size() > running.size()) {
            leaks.add("veths " + ports + " on " + bridge + " for " + running.size() + " running containers");
        }
        return leaks;
    }

    private static List<String> strays(Path dir, Set<String> allowed) {
        return list(dir).stream().filter(p -> !idIn(p.getFileName()).map(allowed::contains).orElse(false))
                .map(p -> "state " + p).toList();
    }

    private static Optional<String> idIn(Path p) {
        Matcher m = ID.matcher(p.toString());
        return m.find() ? Optional.of(m.group()) : Optional.empty();
    }

    private static Path target(Path link) {
        try {
            return Files.isSymbolicLink(link) ? Files.readSymbolicLink(link) : link;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Path> list(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static List<ProcessHandle> conmons(Path dataRoot) {
        // A container's conmon names its log, under the data root; an exec's names only the runtime state.
        List<String> markers = List.of(dataRoot.toString(),
                ContainerSetup.runtimeConfig(new DataRoot(dataRoot)).stateDir().getParent().toString());
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().command().map(c -> c.endsWith("conmon")).orElse(false))
                .filter(p -> p.info().arguments().map(a -> String.join(" ", a))
                        .map(a -> markers.stream().anyMatch(a::contains)).orElse(false))
                .toList();
    }

    public static List<Path> cgroups(List<String> ids) throws IOException {
        return cgroupsOf(ids);
    }

    private static List<Path> cgroupsOf(Collection<String> ids) {
        List<Path> left = new ArrayList<>();
        for (Path controller : list(CGROUP_ROOT)) {
            for (String id : ids) {
                Path dir = controller.resolve("berth").resolve(id);
                if (Files.isDirectory(dir)) {
                    left.add(dir);
                }
            }
        }
        return left;
    }
}
