package dev.berth.engine.network;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Everything berthd keeps about one container's networking: what its create request (and later connects) asked for,
 * and, while it runs, its {@link Sandbox}.
 *
 * @param name the container's name without the leading slash (resolvable on user-defined networks)
 * @param attachments the bridge networks it is on, in connection order (eth0 first)
 * @param ports requested published ports (host port 0: any)
 * @param exposed the image's and request's exposed ports ({@code 80/tcp}), published by {@code -P}
 */
public record ContainerNetworking(String containerId, String name, String hostname, NetworkMode mode,
        List<Attachment> attachments, List<PortMapping> ports, boolean publishAll, List<String> exposed,
        HostsConfig hosts, Optional<Sandbox> sandbox) {
    public ContainerNetworking {
        Objects.requireNonNull(containerId, "containerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(hostname, "hostname");
        Objects.requireNonNull(mode, "mode");
        attachments = List.copyOf(attachments);
        ports = List.copyOf(ports);
        exposed = List.copyOf(exposed);
        Objects.requireNonNull(hosts, "hosts");
        Objects.requireNonNull(sandbox, "sandbox");
    }

    public Optional<Attachment> attachment(String networkId) {
        return attachments.stream().filter(a -> a.networkId().equals(networkId)).findFirst();
    }

    public ContainerNetworking withAttachments(List<Attachment> a) {
        return new ContainerNetworking(containerId, name, hostname, mode, a, ports, publishAll, exposed, hosts,
                sandbox);
    }

    public ContainerNetworking withSandbox(Optional<Sandbox> s) {
        return new ContainerNetworking(containerId, name, hostname, mode, attachments, ports, publishAll, exposed,
                hosts, s);
    }

    public ContainerNetworking withName(String n) {
        return new ContainerNetworking(containerId, n, hostname, mode, attachments, ports, publishAll, exposed, hosts,
                sandbox);
    }
}
