package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

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

    /** Docker's {@code EndpointSettings}: {@code Aliases}, {@code IPAMConfig.IPv4Address} and {@code MacAddress}. */
    public record EndpointRequest(List<String> aliases, Optional<String> ipv4, Optional<String> mac) {
        private static final Pattern MAC = Pattern.compile("(?i)[0-9a-f]{2}(:[0-9a-f]{2}){5}");

        public EndpointRequest {
            aliases = List.copyOf(aliases);
            Objects.requireNonNull(ipv4, "ipv4");
            mac = mac.filter(m -> !m.isEmpty()).map(m -> m.toLowerCase(Locale.ROOT));
            mac.ifPresent(m -> {
                if (!MAC.matcher(m).matches()) {
                    throw BerthException.invalid("invalid MAC address " + m);
                }
            });
        }

        public EndpointRequest(List<String> aliases, Optional<String> ipv4) {
            this(aliases, ipv4, Optional.empty());
        }

        EndpointRequest withMac(String m) {
            return new EndpointRequest(aliases, ipv4, Optional.of(m));
        }
    }
}
