package dev.berth.engine.network;

import java.util.List;
import java.util.Objects;

/**
 * A container's attachment to one bridge network, as CNI ADD made it: the interface in the container's namespace, its
 * MAC and address, the network's gateway, and the names other containers on the network resolve it by.
 *
 * @param ifname the interface inside the container ({@code eth0}, {@code eth1}, … in connection order)
 * @param aliases {@code --alias} names, besides the container's name and short id
 */
public record Endpoint(String networkId, String endpointId, String ifname, String mac, int address, int prefix,
        int gateway, List<String> aliases) {
    public Endpoint {
        Objects.requireNonNull(networkId, "networkId");
        Objects.requireNonNull(endpointId, "endpointId");
        Objects.requireNonNull(ifname, "ifname");
        Objects.requireNonNull(mac, "mac");
        aliases = List.copyOf(aliases);
    }

    public String ipAddress() {
        return Ipv4.format(address);
    }

    /** Docker's {@code IPv4Address}: the address with its prefix. */
    public String cidr() {
        return Ipv4.format(address) + "/" + prefix;
    }
}
