package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.network.ContainerNetworking;
import dev.berth.engine.network.Endpoint;
import dev.berth.engine.network.Ipam;
import dev.berth.engine.network.Ipv4;
import dev.berth.engine.network.Network;
import dev.berth.engine.network.NetworkCreate;
import dev.berth.oci.error.BerthException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** docker's JSON of networks ({@code network inspect}, {@code network ls}) and of network create requests. */
final class NetworkJson {
    private NetworkJson() {}

    static ObjectNode network(Network n, List<Map.Entry<ContainerNetworking, Endpoint>> endpoints) {
        ObjectNode o = SystemRoutes.NODES.objectNode();
        o.put("Name", n.name());
        o.put("Id", n.id());
        o.put("Created", ImageJson.rfc3339(n.created()));
        o.put("Scope", "local");
        o.put("Driver", n.driver());
        o.put("EnableIPv4", true);
        o.put("EnableIPv6", false);
        ObjectNode ipam = o.putObject("IPAM");
        ipam.put("Driver", "default");
        ipam.putNull("Options");
        var config = ipam.putArray("Config");
        n.ipam().ifPresent(i -> config.add(ipamConfig(i)));
        o.put("Internal", n.internal());
        o.put("Attachable", n.attachable());
        o.put("Ingress", false);
        o.putObject("ConfigFrom").put("Network", "");
        o.put("ConfigOnly", false);
        ObjectNode containers = o.putObject("Containers");
        for (Map.Entry<ContainerNetworking, Endpoint> e : endpoints) {
            ObjectNode c = containers.putObject(e.getKey().containerId());
            c.put("Name", e.getKey().name());
            c.put("EndpointID", e.getValue().endpointId());
            c.put("MacAddress", e.getValue().mac());
            c.put("IPv4Address", e.getValue().cidr());
            c.put("IPv6Address", "");
        }
        o.set("Options", map(n.options()));
        o.set("Labels", map(n.labels()));
        return o;
    }

    private static ObjectNode ipamConfig(Ipam i) {
        ObjectNode c = SystemRoutes.NODES.objectNode();
        c.put("Subnet", i.subnet().toString());
        i.ipRange().ifPresent(r -> c.put("IPRange", r.toString()));
        c.put("Gateway", Ipv4.format(i.gateway()));
        return c;
    }

    private static ObjectNode map(Map<String, String> m) {
        ObjectNode o = SystemRoutes.NODES.objectNode();
        m.forEach(o::put);
        return o;
    }

    /** A {@code POST /networks/create} body. */
    static NetworkCreate create(JsonNode body) {
        String name = text(body, "Name").orElseThrow(() -> BerthException.invalid("network name is required"));
        JsonNode ipam = body.path("IPAM");
        String ipamDriver = ipam.path("Driver").asText("");
        if (!ipamDriver.isEmpty() && !ipamDriver.equals("default")) {
            throw BerthException.notFound("plugin \"" + ipamDriver + "\" not found");
        }
        JsonNode configs = ipam.path("Config");
        if (configs.size() > 1) {
            throw BerthException.invalid("berthd supports one IPAM config (one IPv4 subnet) per network");
        }
        JsonNode config = configs.size() == 1 ? configs.get(0) : SystemRoutes.NODES.objectNode();
        if (body.path("EnableIPv6").asBoolean()) {
            throw BerthException.invalid("IPv6 networks are not supported by berthd");
        }
        return new NetworkCreate(name, body.path("Driver").asText(""), body.path("Internal").asBoolean(),
                body.path("Attachable").asBoolean(), strings(body.get("Labels")), strings(body.get("Options")),
                text(config, "Subnet"), text(config, "Gateway"), text(config, "IPRange"));
    }

    private static Optional<String> text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() || v.asText().isEmpty() ? Optional.empty() : Optional.of(v.asText());
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        if (o != null && o.isObject()) {
            o.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }
}
