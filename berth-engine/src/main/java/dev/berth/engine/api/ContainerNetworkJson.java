package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.network.Attachment;
import dev.berth.engine.network.ContainerNetworking;
import dev.berth.engine.network.Endpoint;
import dev.berth.engine.network.Ipv4;
import dev.berth.engine.network.Network;
import dev.berth.engine.network.NetworkMode;
import dev.berth.engine.network.Networks;
import dev.berth.engine.network.PortMapping;
import dev.berth.engine.network.Sandbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Inspect's {@code NetworkSettings} of a container, in docker's shape (the create request's networking is read by
 * {@link dev.berth.engine.network.CreateRequestJson}).
 */
public final class ContainerNetworkJson {
    private ContainerNetworkJson() {}

    /** Inspect's {@code NetworkSettings} of a container (empty addresses while it does not run). */
    public static ObjectNode settings(ContainerNetworking c, Networks networks) {
        ObjectNode s = SystemRoutes.NODES.objectNode();
        Optional<Sandbox> sandbox = c.sandbox();
        s.put("Bridge", "");
        s.put("SandboxID", sandbox.filter(Sandbox::ownsNetns).map(x -> c.containerId()).orElse(""));
        s.put("SandboxKey", sandbox.map(x -> x.netns().toString()).orElse(""));
        s.set("Ports", ports(c));
        s.put("HairpinMode", false);
        s.put("LinkLocalIPv6Address", "");
        s.put("LinkLocalIPv6PrefixLen", 0);
        s.putNull("SecondaryIPAddresses");
        s.putNull("SecondaryIPv6Addresses");
        Optional<Network> defaultBridge = networks.list().stream().filter(Network::defaultBridge).findFirst();
        Optional<Endpoint> onBridge = defaultBridge.flatMap(b -> sandbox.flatMap(x -> x.endpoint(b.id())));
        s.put("EndpointID", onBridge.map(Endpoint::endpointId).orElse(""));
        s.put("Gateway", onBridge.map(e -> Ipv4.format(e.gateway())).orElse(""));
        s.put("GlobalIPv6Address", "");
        s.put("GlobalIPv6PrefixLen", 0);
        s.put("IPAddress", onBridge.map(Endpoint::ipAddress).orElse(""));
        s.put("IPPrefixLen", onBridge.map(Endpoint::prefix).orElse(0));
        s.put("IPv6Gateway", "");
        s.put("MacAddress", onBridge.map(Endpoint::mac).orElse(""));
        ObjectNode nets = s.putObject("Networks");
        switch (c.mode()) {
            case NetworkMode.Host h -> nets.set(Network.HOST, endpoint(networks.find(Network.HOST), c,
                    Optional.empty(), Optional.empty()));
            case NetworkMode.None n -> nets.set(Network.NONE, endpoint(networks.find(Network.NONE), c,
                    Optional.empty(), Optional.empty()));
            case NetworkMode.Container other -> { }
            default -> {
                for (Attachment a : c.attachments()) {
                    Optional<Network> n = networks.list().stream().filter(x -> x.id().equals(a.networkId()))
                            .findFirst();
                    n.ifPresent(net -> nets.set(net.name(), endpoint(net, c, Optional.of(a),
                            sandbox.flatMap(x -> x.endpoint(net.id())))));
                }
            }
        }
        return s;
    }

    private static ObjectNode endpoint(Network n, ContainerNetworking c, Optional<Attachment> a,
            Optional<Endpoint> e) {
        ObjectNode o = SystemRoutes.NODES.objectNode();
        Optional<Integer> fixed = a.flatMap(Attachment::ipv4);
        if (fixed.isPresent()) {
            o.putObject("IPAMConfig").put("IPv4Address", Ipv4.format(fixed.get()));
        } else {
            o.putNull("IPAMConfig");
        }
        o.putNull("Links");
        ArrayNode aliases = o.putArray("Aliases");
        a.ifPresent(x -> x.aliases().forEach(aliases::add));
        o.put("MacAddress", e.map(Endpoint::mac).orElse(""));
        o.putNull("DriverOpts");
        o.put("GwPriority", 0);
        o.put("NetworkID", n.id());
        o.put("EndpointID", e.map(Endpoint::endpointId).orElse(""));
        o.put("Gateway", e.map(x -> Ipv4.format(x.gateway())).orElse(""));
        o.put("IPAddress", e.map(Endpoint::ipAddress).orElse(""));
        o.put("IPPrefixLen", e.map(Endpoint::prefix).orElse(0));
        o.put("IPv6Gateway", "");
        o.put("GlobalIPv6Address", "");
        o.put("GlobalIPv6PrefixLen", 0);
        if (n.userDefined()) {
            ArrayNode dnsNames = o.putArray("DNSNames");
            dnsNames.add(c.name());
            dnsNames.add(c.containerId().substring(0, 12));
            a.ifPresent(x -> x.aliases().forEach(dnsNames::add));
        } else {
            o.putNull("DNSNames");
        }
        return o;
    }

    /**
     * {@code NetworkSettings.Ports}: each published port with its bindings as bound (while running), each exposed
     * one not published as {@code null}.
     */
    static ObjectNode ports(ContainerNetworking c) {
        ObjectNode ports = SystemRoutes.NODES.objectNode();
        if (!(c.mode() instanceof NetworkMode.Bridge || c.mode() instanceof NetworkMode.Named)) {
            return ports;
        }
        for (String key : c.exposed()) {
            ports.putNull(PortMapping.parseKey(key, "").key());
        }
        for (PortMapping p : c.sandbox().map(Sandbox::ports).orElse(List.of())) {
            JsonNode existing = ports.get(p.key());
            ArrayNode bindings = existing instanceof ArrayNode arr ? arr : ports.putArray(p.key());
            bindings.addObject().put("HostIp", p.hostIp()).put("HostPort", Integer.toString(p.hostPort()));
        }
        return ports;
    }
}
