package dev.berth.engine.container;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.runtime.Namespaces;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code HostConfig.PidMode}, {@code IpcMode}, {@code UTSMode}, {@code CgroupnsMode}, {@code ShmSize},
 * {@code Sysctls} and {@code Config.Domainname} as the runtime's {@link Namespaces}, with dockerd's grammar and messages (moby
 * {@code container.PidMode} and siblings, {@code verifyPlatformContainerSettings}):
 * <pre>
 * PidMode      "" | host | container:NAME
 * IpcMode      "" | private | shareable | none | host | container:NAME   ("" is dockerd's default, private)
 * UTSMode      "" | host
 * CgroupnsMode "" | private | host
 * </pre>
 * A container named by {@code container:} must be running when this one starts; its namespace is joined through
 * {@code /proc/PID/ns}. The /dev/shm of {@code shareable} and {@code container:} IPC comes from {@link ShareableIpc}.
 */
final class NamespaceModes {
    private static final String CONTAINER = "container:";

    private NamespaceModes() {}

    /**
     * Refuses modes dockerd refuses; peers are looked up at start.
     *
     * @param requestedHostname {@code Config.Hostname} as the request gave it
     */
    static void validate(ObjectNode hostConfig, String requestedHostname) {
        mode(hostConfig, "PidMode", "PID", true, "host");
        mode(hostConfig, "IpcMode", "IPC", true, "host", "private", "shareable", "none");
        mode(hostConfig, "UTSMode", "UTS", false, "host");
        if (hostUts(hostConfig) && !requestedHostname.isEmpty()) {
            throw BerthException.invalid("conflicting options: hostname and the UTS mode");
        }
        String cgroupns = hostConfig.path("CgroupnsMode").asText("");
        if (!cgroupns.isEmpty() && !cgroupns.equals("private") && !cgroupns.equals("host")) {
            throw BerthException.invalid("invalid cgroup namespace mode: " + cgroupns);
        }
        if (hostConfig.path("ShmSize").asLong(0) < 0) {
            throw BerthException.invalid("SHM size can not be less than 0");
        }
        if (hostNetwork(hostConfig)) {
            hostConfig.path("Sysctls").fieldNames().forEachRemaining(name -> {
                if (name.startsWith("net.")) {
                    throw BerthException.invalid("sysctl \"" + name + "\" not allowed in host network namespace");
                }
            });
        }
    }

    /**
     * The containers {@code PidMode} and {@code IpcMode} name ({@code container:NAME}) exist when it is created, as
     * dockerd checks (INVALID_ARGUMENT {@code No such container: NAME}); they must run when it starts.
     */
    static void checkPeersExist(ObjectNode hostConfig, Predicate<String> exists) {
        for (String field : List.of("PidMode", "IpcMode")) {
            String mode = hostConfig.path(field).asText("");
            if (mode.startsWith(CONTAINER) && !exists.test(mode.substring(CONTAINER.length()))) {
                throw BerthException.invalid("No such container: " + mode.substring(CONTAINER.length()));
            }
        }
    }

    /** Whether the container has a pid namespace of its own (none of {@code --pid host} or {@code container:}). */
    static boolean ownPid(ObjectNode hostConfig) {
        return hostConfig.path("PidMode").asText("").isEmpty();
    }

    static boolean hostNetwork(ObjectNode hostConfig) {
        return hostConfig.path("NetworkMode").asText("").equals("host");
    }

    static boolean hostUts(ObjectNode hostConfig) {
        return hostConfig.path("UTSMode").asText("").equals("host");
    }

    /** The host's name, which a container of the host's UTS namespace has. */
    static String hostName() {
        Path file = Path.of("/proc/sys/kernel/hostname");
        try {
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw BerthException.io("read " + file, e);
        }
    }

    /** The container whose IPC namespace and /dev/shm {@code IpcMode container:NAME} shares. */
    static Optional<String> ipcPeer(ObjectNode hostConfig) {
        return peer(hostConfig.path("IpcMode").asText(""));
    }

    /** The namespaces of {@code c} for a run; {@code peers} finds the containers its modes name. */
    static Namespaces of(Container c, Function<String, Container> peers) {
        ObjectNode h = c.hostConfig();
        Map<String, Optional<Path>> shared = new HashMap<>();
        share(shared, "pid", h.path("PidMode").asText(""), c, peers);
        String ipc = h.path("IpcMode").asText("");
        share(shared, "ipc", ipc, c, peers);
        share(shared, "uts", h.path("UTSMode").asText(""), c, peers);
        share(shared, "cgroup", h.path("CgroupnsMode").asText(""), c, peers);
        long size = h.path("ShmSize").asLong(0);
        Namespaces.Shm shm = switch (ipc) {
            case "host" -> new Namespaces.Shm.Bind(Path.of("/dev/shm"));
            case "none" -> new Namespaces.Shm.None();
            default -> new Namespaces.Shm.Tmpfs(size > 0 ? size : Namespaces.DEFAULT_SHM_SIZE);
        };
        Map<String, String> sysctls = new LinkedHashMap<>();
        String network = h.path("NetworkMode").asText("");
        if (!network.equals("host") && !network.startsWith(CONTAINER)) {
            // dockerd's defaults in a network namespace of the container's own: ping sockets and ports below 1024
            // without CAP_NET_RAW or CAP_NET_BIND_SERVICE, which a non-root user has not.
            sysctls.put("net.ipv4.ping_group_range", "0 2147483647");
            sysctls.put("net.ipv4.ip_unprivileged_port_start", "0");
        }
        h.path("Sysctls").properties().forEach(e -> sysctls.put(e.getKey(), e.getValue().asText()));
        String domainname = c.config().path("Domainname").asText("");
        if (!domainname.isEmpty() && !shared.containsKey("uts")) {
            // Set as a sysctl of its UTS namespace: the runtime spec's domainname field is newer than runc 1.1.
            // With the host's UTS namespace dockerd sets neither hostname nor domain name, and nor does berthd.
            sysctls.put("kernel.domainname", domainname);
        }
        return new Namespaces(shared, shm, sysctls);
    }

    private static void share(Map<String, Optional<Path>> shared, String type, String mode, Container self,
            Function<String, Container> peers) {
        if (mode.equals("host")) {
            shared.put(type, Optional.empty());
            return;
        }
        peer(mode).ifPresent(name -> {
            Container peer = running(name, self, peers);
            shared.put(type, Optional.of(Path.of("/proc", Integer.toString(peer.state().pid().getAsInt()), "ns",
                    type)));
        });
    }

    /** The running container {@code name}, as dockerd's {@code getPIDContainer}/{@code getIPCContainer}. */
    static Container running(String name, Container self, Function<String, Container> peers) {
        Container peer;
        try {
            peer = peers.apply(name);
        } catch (BerthException e) {
            throw new BerthException(ErrorKind.INVALID_ARGUMENT, e.getMessage(), e);
        }
        if (peer.id().equals(self.id())) {
            throw BerthException.invalid("cannot join own namespace: " + name);
        }
        if (peer.state().status() == State.Status.RESTARTING) {
            throw new BerthException(ErrorKind.CONFLICT, "Container " + peer.id() + " is restarting, wait until the"
                    + " container is running");
        }
        if (!peer.state().running() || peer.state().pid().isEmpty()) {
            throw new BerthException(ErrorKind.CONFLICT, "container " + peer.id() + " is not running");
        }
        return peer;
    }

    private static Optional<String> peer(String mode) {
        return mode.startsWith(CONTAINER) ? Optional.of(mode.substring(CONTAINER.length())) : Optional.empty();
    }

    private static void mode(ObjectNode hostConfig, String field, String what, boolean joinable, String... plain) {
        JsonNode node = hostConfig.path(field);
        String mode = node.asText("");
        if (mode.isEmpty() || List.of(plain).contains(mode)
                || joinable && mode.startsWith(CONTAINER) && mode.length() > CONTAINER.length()) {
            return;
        }
        throw BerthException.invalid("invalid " + what + " mode: " + mode);
    }
}
