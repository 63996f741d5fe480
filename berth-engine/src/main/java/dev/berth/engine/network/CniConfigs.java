package dev.berth.engine.network;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CNI configuration list of each network: a bridge network is the {@code bridge} plugin on the network's Linux
 * bridge — the gateway address on the bridge, no masquerading (nothing is routed off the machine), hairpin on — with
 * {@code host-local} IPAM keeping its leases under the data root. Internal networks get no default route.
 *
 * <p>The package's other plugins docker-like networking could use, and why berthd does not:
 * <ul>
 *   <li>{@code loopback}: {@link NetNamespace#create} sets a new namespace's {@code lo} up itself, one ioctl where the
 *       plugin is a process to start for every container, {@code --network none} included.
 *   <li>{@code portmap} (DNAT from host ports to the container): {@link PortProxy} listens on the binding's host
 *       address itself, {@code 0.0.0.0} by default, so every host address — loopback included, which DNAT cannot
 *       reach without {@code route_localnet} — is served by one mechanism, a port taken by another process fails the
 *       start with docker's "address already in use" from the bind, and no NAT rule exists that could route traffic
 *       from another machine into a container or outlive a crashed daemon. (docker runs both; its DNAT mainly saves
 *       the proxy hop for remote clients, which these machines must not have.)
 *   <li>{@code firewall}: it adds ACCEPT rules for each container address for hosts whose {@code FORWARD} policy
 *       drops; berthd forwards nothing between interfaces at all — {@link HostNetworking}'s two DROP rules per
 *       bridge — and traffic within a bridge is bridged, not forwarded, so there is nothing to accept.
 *   <li>{@code tuning} (sysctls, MAC, MTU of the interface): the bridge plugin's veth with the kernel's defaults is
 *       what docker gives too ({@code com.docker.network.driver.mtu} 1500), and the bridge plugin (1.1+) sets a
 *       {@code --mac-address} itself; berthd supports no network {@code --sysctl}s, the one option that would need it.
 * </ul>
 */
final class CniConfigs {
    static final String VERSION = "1.0.0";

    private CniConfigs() {}

    /** The configuration of a detach: what DEL needs of the network, without what the attach asked for. */
    static ObjectNode bridge(Network network, Path ipamDir) {
        return bridge(network, ipamDir, Optional.empty(), Optional.empty());
    }

    /** The bridge plugin's {@code args.cni} ({@code BridgeArgs}) carries the fixed address and MAC of an attach. */
    static ObjectNode bridge(Network network, Path ipamDir, Optional<Integer> requestedIp, Optional<String> mac) {
        Ipam ipam = network.ipam().orElseThrow();
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("cniVersion", VERSION);
        list.put("name", "berth-" + network.shortId());
        ObjectNode bridge = list.putArray("plugins").addObject();
        bridge.put("type", "bridge");
        bridge.put("bridge", network.bridge().orElseThrow());
        bridge.put("isGateway", true);
        bridge.put("ipMasq", false);
        bridge.put("hairpinMode", true);
        ObjectNode ipamConf = bridge.putObject("ipam");
        ipamConf.put("type", "host-local");
        ipamConf.put("dataDir", ipamDir.toString());
        ObjectNode range = ipamConf.putArray("ranges").addArray().addObject();
        range.put("subnet", ipam.subnet().toString());
        range.put("gateway", Ipv4.format(ipam.gateway()));
        ipam.ipRange().ifPresent(r -> {
            range.put("rangeStart", Ipv4.format(Math.max(r.network(), ipam.subnet().host(1))));
            range.put("rangeEnd", Ipv4.format(r.last() == ipam.subnet().last() ? r.last() - 1 : r.last()));
        });
        if (!network.internal()) {
            ipamConf.putArray("routes").addObject().put("dst", "0.0.0.0/0");
        }
        if (requestedIp.isPresent() || mac.isPresent()) {
            ObjectNode args = bridge.putObject("args").putObject("cni");
            requestedIp.ifPresent(ip -> args.putArray("ips").add(Ipv4.format(ip)));
            mac.ifPresent(m -> args.put("mac", m));
        }
        return list;
    }
}
