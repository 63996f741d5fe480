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
                    ip.isEmpty() ? Optional.empty() : Optional.of(ip)));
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
        HostsConfig hosts = new HostsConfig(strings(hostConfig.path("ExtraHosts")), strings(hostConfig.path("Dns")),
                strings(hostConfig.path("DnsSearch")), strings(hostConfig.path("DnsOptions")),
                strings(hostConfig.path("Links")));
        return new ContainerRequest(id, name, hostname, hostConfig.path("NetworkMode").asText(""), endpoints, ports,
                hostConfig.path("PublishAllPorts").asBoolean(), List.copyOf(exposed), hosts);
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
            throw BerthException.invalid("invalid hostPort: " + hostPort);
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
