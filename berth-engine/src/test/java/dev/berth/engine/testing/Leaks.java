package dev.berth.engine.testing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.snapshot.MountTable;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Checks that a daemon's containers left nothing behind on the host: mounts, conmon processes, cgroups; and of their
 * networking no veth on a bridge, no bridge or isolation rule of a removed network, no port proxy still listening.
 */
public final class Leaks {
    private static final Path CGROUP_ROOT = Path.of("/sys/fs/cgroup");

    private Leaks() {}

    /** Nothing of container {@code ids} is left, and nothing is mounted or running under {@code dataRoot}. */
    public static void assertNone(Path dataRoot, List<String> ids) throws IOException {
        assertThat(MountTable.mountsUnder(dataRoot)).as("mounts left under " + dataRoot).isEmpty();
        assertThat(conmons(dataRoot)).as("conmon processes left").isEmpty();
        assertThat(cgroups(ids)).as("container cgroups left").isEmpty();
    }

    /**
     * No container is attached to {@code bridges} any more (no veth port on them), and no proxy listens on
     * {@code ports} of {@code hostIp}: each can be bound again.
     */
    public static void assertNoEndpoints(List<String> bridges, String hostIp, List<Integer> ports)
            throws IOException {
        for (String bridge : bridges) {
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
