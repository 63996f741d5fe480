package dev.berth.engine.network;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The networking of a container create request in the Engine API's JSON: {@code HostConfig.NetworkMode},
 * {@code PortBindings}, {@code PublishAllPorts}, {@code ExtraHosts}, {@code Dns}, {@code DnsSearch},
 * {@code DnsOptions}, {@code Links}; {@code NetworkingConfig.EndpointsConfig} (aliases, {@code IPAMConfig.IPv4Address});
 * {@code Config.ExposedPorts} (the image's merged in) and {@code Config.Hostname}.
 */
public final class CreateRequestJson {
    private CreateRequestJson() {}

    /**
     * @param name the container's name without the leading slash
     * @param config the container's {@code Config} (the request's merged with the image's)
     */
    public static ContainerRequest request(String id, String name, JsonNode config, JsonNode hostConfig,
            JsonNode networkingConfig) {
        String hostname = config.path("Hostname").asText("");
        if (hostname.isEmpty()) {
            hostname = id.substring(0, 12);
        }
        Map<String, ContainerRequest.EndpointRequest> endpoints = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : networkingConfig.path("EndpointsConfig").properties()) {
            List<String> aliases = strings(e.getValue().path("Aliases"));
            String ip = e.getValue().path("IPAMConfig").path("IPv4Address").asText("");
            endpoints.put(e.getKey(), new ContainerRequest.EndpointRequest(aliases,
                    ip.isEmpty() ? Optional.empty() : Optional.of(ip),
                    Optional.of(e.getValue().path("MacAddress").asText(""))));
        }
        String mac = config.path("MacAddress").asText("");
        if (!mac.isEmpty()) {
            // Clients of API < 1.44 give the container's MAC; dockerd takes it for the network mode's endpoint.
            String mode = hostConfig.path("NetworkMode").asText("");
            String key = mode.isEmpty() ? "default" : mode;
            endpoints.put(key, endpoints.getOrDefault(key, new ContainerRequest.EndpointRequest(List.of(),
                    Optional.empty())).withMac(mac));
        }
        Set<String> exposed = new LinkedHashSet<>();
        config.path("ExposedPorts").fieldNames().forEachRemaining(exposed::add);
        List<PortMapping> ports = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : hostConfig.path("PortBindings").properties()) {
            exposed.add(e.getKey());
            if (!e.getValue().isArray() || e.getValue().isEmpty()) {
                ports.add(PortMapping.parseKey(e.getKey(), ""));
            }
            for (JsonNode b : e.getValue()) {
                ports.add(binding(e.getKey(), b.path("HostIp").asText(""), b.path("HostPort").asText("")));
            }
        }
        refuseSctp(ports, hostConfig.path("PublishAllPorts").asBoolean(), exposed);
        HostsConfig hosts = new HostsConfig(strings(hostConfig.path("ExtraHosts")), strings(hostConfig.path("Dns")),
                strings(hostConfig.path("DnsSearch")), strings(hostConfig.path("DnsOptions")),
                strings(hostConfig.path("Links")));
        return new ContainerRequest(id, name, hostname, hostConfig.path("NetworkMode").asText(""), endpoints, ports,
                hostConfig.path("PublishAllPorts").asBoolean(), List.copyOf(exposed), hosts);
    }

    /**
     * Refuses what dockerd refuses with a network namespace that is not the container's own (moby runconfig
     * {@code validateNetContainerMode}, {@code validateNetMode}): with {@code container:NAME}, a hostname, DNS
     * servers, extra hosts, published or exposed ports, links; with {@code host}, links; with either, a MAC address.
     * Read from the request as sent: the ports the image exposes are no conflict.
     */
    public static void checkModeConflicts(JsonNode request) {
        NetworkMode mode = NetworkMode.parse(request.path("HostConfig").path("NetworkMode").asText(""));
        JsonNode hostConfig = request.path("HostConfig");
        boolean container = mode instanceof NetworkMode.Container;
        if (container) {
            conflict(!request.path("Hostname").asText("").isEmpty(), "hostname and the network mode");
            conflict(!hostConfig.path("Links").isEmpty(),
                    "container type network can't be used with links. This would result in undefined behavior");
            conflict(!hostConfig.path("Dns").isEmpty(), "dns and the network mode");
            conflict(!hostConfig.path("ExtraHosts").isEmpty(), "custom host-to-IP mapping and the network mode");
        }
        if (container || mode instanceof NetworkMode.Host) {
            boolean mac = !request.path("MacAddress").asText("").isEmpty();
            for (JsonNode endpoint : request.path("NetworkingConfig").path("EndpointsConfig")) {
                mac |= !endpoint.path("MacAddress").asText("").isEmpty();
            }
            conflict(mac, "mac-address and the network mode");
        }
        if (container) {
            conflict(!hostConfig.path("PortBindings").isEmpty() || hostConfig.path("PublishAllPorts").asBoolean(),
                    "port publishing and the container type network mode");
            conflict(!request.path("ExposedPorts").isEmpty(), "port exposing and the container type network mode");
        }
        if (mode instanceof NetworkMode.Host) {
            conflict(!hostConfig.path("Links").isEmpty(),
                    "host type networking can't be used with links. This would result in undefined behavior");
        }
    }

    /** dockerd's create warnings on the request's networking: ports published on the host's network go unused. */
    public static List<String> warnings(JsonNode request) {
        JsonNode hostConfig = request.path("HostConfig");
        boolean host = NetworkMode.parse(hostConfig.path("NetworkMode").asText("")) instanceof NetworkMode.Host;
        return host && !hostConfig.path("PortBindings").isEmpty()
                ? List.of("Published ports are discarded when using host network mode") : List.of();
    }

    /**
     * docker publishes sctp ports too, where the kernel has SCTP; berthd's port proxy relays tcp and udp only, so a
     * publication of one is refused (exposing one is not: it is only a record).
     */
    private static void refuseSctp(List<PortMapping> ports, boolean publishAll, Set<String> exposed) {
        for (PortMapping p : ports) {
            if (p.protocol().equals("sctp")) {
                throw BerthException.invalid("-p " + p.key() + " (HostConfig.PortBindings) is not supported by berthd");
            }
        }
        if (publishAll) {
            for (String key : exposed) {
                PortMapping p = PortMapping.parseKey(key, "");
                if (p.protocol().equals("sctp")) {
                    throw BerthException.invalid("-P with port " + p.key() + " exposed (HostConfig.PublishAllPorts)"
                            + " is not supported by berthd");
                }
            }
        }
    }

    private static void conflict(boolean conflicts, String what) {
        if (conflicts) {
            throw BerthException.invalid("conflicting options: " + what);
        }
    }

    /** One {@code PortBindings} entry: host port empty (any), a number, or a range {@code 8000-8010}. */
    static PortMapping binding(String key, String hostIp, String hostPort) {
        PortMapping p = PortMapping.parseKey(key, hostIp);
        if (hostPort.isEmpty()) {
            return p;
        }
        try {
            int dash = hostPort.indexOf('-');
            int start = Integer.parseInt(dash < 0 ? hostPort : hostPort.substring(0, dash));
            int end = dash < 0 ? start : Integer.parseInt(hostPort.substring(dash + 1));
            return new PortMapping(p.containerPort(), p.protocol(), hostIp, start, end);
        } catch (NumberFormatException e) {
            throw BerthException.invalid("invalid port specification: \"" + hostPort + "\"");
        }
    }

    private static List<String> strings(JsonNode a) {
        List<String> out = new ArrayList<>();
        if (a != null && a.isArray()) {
            a.forEach(x -> out.add(x.asText()));
        }
        return out;
    }
}
