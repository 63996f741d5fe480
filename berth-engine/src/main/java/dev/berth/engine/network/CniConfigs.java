package dev.berth.engine.network;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The CNI configuration list of each network: a bridge network is the {@code bridge} plugin on the network's Linux
 * bridge — the gateway address on the bridge, no masquerading (nothing is routed off the machine), hairpin on — with
 * {@code host-local} IPAM keeping its leases under the data root; every namespace berthd creates also gets
 * {@code loopback} up. Internal networks get no default route.
 */
final class CniConfigs {
    static final String VERSION = "1.0.0";

    private CniConfigs() {}

    static ObjectNode bridge(Network network, Path ipamDir, Optional<Integer> requestedIp) {
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
        requestedIp.ifPresent(ip -> {
            ArrayNode ips = bridge.putObject("args").putObject("cni").putArray("ips");
            ips.add(Ipv4.format(ip));
        });
        return list;
    }

    static ObjectNode loopback() {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("cniVersion", VERSION);
        list.put("name", "berth-loopback");
        list.putArray("plugins").addObject().put("type", "loopback");
        return list;
    }
}
