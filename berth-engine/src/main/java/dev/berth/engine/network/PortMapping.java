package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;
import java.util.Objects;

/**
 * One published port: {@code hostIp:hostPort} on the host forwarded to {@code containerPort/protocol} of the container
 * (docker's {@code PortBinding}). Host port 0 until bound means "any free port"; a range {@code hostPort..hostPortEnd}
 * "the first free one of these" (equal when one port is asked for, and once bound). An sctp port is exposed only:
 * {@link CreateRequestJson} refuses to publish one.
 */
public record PortMapping(int containerPort, String protocol, String hostIp, int hostPort, int hostPortEnd) {
    public PortMapping {
        checkPort(containerPort, "container");
        if (!protocol.equals("tcp") && !protocol.equals("udp") && !protocol.equals("sctp")) {
            throw BerthException.invalid("invalid proto: " + protocol);
        }
        Objects.requireNonNull(hostIp, "hostIp");
        if (hostPort < 0 || hostPort > 65535 || hostPortEnd < hostPort || hostPortEnd > 65535) {
            throw BerthException.invalid("invalid hostPort: " + hostPort
                    + (hostPortEnd != hostPort ? "-" + hostPortEnd : ""));
        }
    }

    private static void checkPort(int port, String what) {
        if (port < 1 || port > 65535) {
            throw BerthException.invalid("invalid " + what + "Port: " + port);
        }
    }

    /** Docker's port key, {@code 80/tcp}. */
    public String key() {
        return containerPort + "/" + protocol;
    }

    public static PortMapping of(int containerPort, String protocol, String hostIp, int hostPort) {
        return new PortMapping(containerPort, protocol, hostIp, hostPort, hostPort);
    }

    public PortMapping withHostPort(int port) {
        return new PortMapping(containerPort, protocol, hostIp, port, port);
    }

    /**
     * Parses {@code 80}, {@code 80/udp} (docker's port keys) into a mapping to any host port on {@code hostIp}.
     */
    public static PortMapping parseKey(String key, String hostIp) {
        String[] parts = key.split("/", 2);
        String proto = parts.length == 2 ? parts[1].toLowerCase(java.util.Locale.ROOT) : "tcp";
        try {
            return of(Integer.parseInt(parts[0]), proto, hostIp, 0);
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid port specification: \"" + parts[0] + "\"");
        }
    }
}
