package dev.berth.engine.network;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The networking part of a container create request: {@code HostConfig.NetworkMode}, {@code NetworkingConfig}'s
 * endpoints (network name or id → aliases and {@code IPAMConfig.IPv4Address}), {@code HostConfig.PortBindings} and
 * {@code PublishAllPorts} with the exposed ports, and the host files settings.
 *
 * @param name the container's name without the leading slash
 */
public record ContainerRequest(String containerId, String name, String hostname, String networkMode,
        Map<String, EndpointRequest> endpoints, List<PortMapping> ports, boolean publishAll, List<String> exposed,
        HostsConfig hosts) {
    public ContainerRequest {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostname, "hostname");
        networkMode = networkMode == null ? "" : networkMode;
        endpoints = Map.copyOf(endpoints);
        ports = List.copyOf(ports);
        exposed = List.copyOf(exposed);
        Objects.requireNonNull(hosts, "hosts");
    }

    /** Only a mode: no endpoint settings, ports or host file settings. */
    public static ContainerRequest of(String containerId, String name, String networkMode) {
        return new ContainerRequest(containerId, name, containerId.substring(0, 12), networkMode, Map.of(), List.of(),
                false, List.of(), HostsConfig.NONE);
    }

    /** Docker's {@code EndpointSettings}: {@code Aliases} and {@code IPAMConfig.IPv4Address}. */
    public record EndpointRequest(List<String> aliases, Optional<String> ipv4) {
        public EndpointRequest {
            aliases = List.copyOf(aliases);
            Objects.requireNonNull(ipv4, "ipv4");
        }
    }
}
