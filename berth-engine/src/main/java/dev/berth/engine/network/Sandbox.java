package dev.berth.engine.network;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A container's live networking while it runs: the network namespace it joins (a namespace file berthd made for
 * bridge and none modes; the host's or another container's otherwise), its endpoints on bridge networks and its
 * published ports as bound.
 *
 * @param ownsNetns whether berthd created {@code netns} for this container (and removes it on release)
 */
public record Sandbox(Path netns, boolean ownsNetns, List<Endpoint> endpoints, List<PortMapping> ports) {
    public Sandbox {
        Objects.requireNonNull(netns, "netns");
        endpoints = List.copyOf(endpoints);
        ports = List.copyOf(ports);
    }

    public Optional<Endpoint> endpoint(String networkId) {
        return endpoints.stream().filter(e -> e.networkId().equals(networkId)).findFirst();
    }

    public Sandbox withEndpoints(List<Endpoint> e) {
        return new Sandbox(netns, ownsNetns, e, ports);
    }

    public Sandbox withPorts(List<PortMapping> p) {
        return new Sandbox(netns, ownsNetns, endpoints, p);
    }
}
