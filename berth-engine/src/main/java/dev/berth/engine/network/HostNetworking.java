package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What berthd changes in the host's own networking besides what the CNI plugins do, through the standard tools (no
 * netlink code of ours): isolation rules at the top of iptables' {@code FORWARD} chain, two per berth bridge, dropping
 * anything routed into or out of it from or to another interface, so traffic stays within one network and never
 * leaves the machine — each bridge's own rules, so daemons sharing the host never touch each other's — and removal of
 * a network's Linux bridge. It also reads the
 * host's routes, so that a default subnet never shadows one the host uses.
 */
final class HostNetworking {
    private static final Path ROUTES = Path.of("/proc/net/route");

    private HostNetworking() {}

    /** The destinations of the host's routes except the default route. */
    static List<Subnet> routes() {
        List<Subnet> routes = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(ROUTES).stream().skip(1).toList()) {
                String[] f = line.trim().split("\\s+");
                if (f.length < 8) {
                    continue;
                }
                int dest = Integer.reverseBytes(Integer.parseUnsignedInt(f[1], 16));
                int mask = Integer.reverseBytes(Integer.parseUnsignedInt(f[7], 16));
                int prefix = Integer.bitCount(mask);
                if (prefix > 0) {
                    routes.add(Subnet.containing(dest, prefix));
                }
            }
        } catch (IOException e) {
            throw BerthException.io("read " + ROUTES, e);
        }
        return routes;
    }

    /** Isolates {@code bridge}: inserts its two rules at the top of {@code FORWARD}, once. */
    static synchronized void isolate(String bridge) {
        for (List<String> rule : rules(bridge)) {
            if (!iptables(false, concat("-w", "-C", "FORWARD", rule))) {
                iptables(true, concat("-w", "-I", "FORWARD", rule));
            }
        }
    }

    /** Removes {@code bridge}'s rules. */
    static synchronized void unisolate(String bridge) {
        for (List<String> rule : rules(bridge)) {
            while (iptables(false, concat("-w", "-C", "FORWARD", rule))) {
                iptables(true, concat("-w", "-D", "FORWARD", rule));
            }
        }
    }

    /** Deletes Linux bridge {@code name} if it exists (the CNI bridge plugin creates bridges and never deletes them). */
    static void deleteBridge(String name) {
        if (Files.exists(Path.of("/sys/class/net", name))) {
            Run r = run(List.of("ip", "link", "delete", name, "type", "bridge"));
            if (r.code != 0 && Files.exists(Path.of("/sys/class/net", name))) {
                throw new BerthException(dev.berth.oci.error.ErrorKind.INTERNAL, "delete bridge " + name + ": "
                        + r.out.strip());
            }
        }
    }

    static boolean linkExists(String name) {
        return Files.exists(Path.of("/sys/class/net", name));
    }

    private static List<List<String>> rules(String bridge) {
        return List.of(List.of("-i", bridge, "!", "-o", bridge, "-j", "DROP"),
                List.of("-o", bridge, "!", "-i", bridge, "-j", "DROP"));
    }

    private static String[] concat(String a, String b, String c, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(a, b, c));
        all.addAll(rest);
        return all.toArray(String[]::new);
    }

    private static boolean iptables(boolean mustSucceed, String... args) {
        List<String> cmd = new ArrayList<>(List.of("iptables"));
        cmd.addAll(List.of(args));
        Run r = run(cmd);
        if (mustSucceed && r.code != 0) {
            throw new BerthException(dev.berth.oci.error.ErrorKind.INTERNAL, String.join(" ", cmd) + ": "
                    + r.out.strip());
        }
        return r.code == 0;
    }

    private record Run(int code, String out) {}

    private static Run run(List<String> cmd) {
        try {
            Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new Run(p.waitFor(), out);
        } catch (IOException e) {
            throw BerthException.io("run " + String.join(" ", cmd), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(dev.berth.oci.error.ErrorKind.UNAVAILABLE, "run " + cmd + ": interrupted");
        }
    }
}
