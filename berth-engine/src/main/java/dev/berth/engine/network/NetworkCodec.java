package dev.berth.engine.network;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The on-disk JSON of networks and containers' networking ({@link NetworkStore}). */
final class NetworkCodec {
    private NetworkCodec() {}

    static ObjectNode network(Network n) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("id", n.id());
        o.put("name", n.name());
        o.put("driver", n.driver());
        o.put("created", n.created().toString());
        o.put("internal", n.internal());
        o.put("attachable", n.attachable());
        o.set("labels", Json.MAPPER.valueToTree(n.labels()));
        o.set("options", Json.MAPPER.valueToTree(n.options()));
        n.bridge().ifPresent(b -> o.put("bridge", b));
        n.ipam().ifPresent(i -> {
            ObjectNode ipam = o.putObject("ipam");
            ipam.put("subnet", i.subnet().toString());
            ipam.put("gateway", Ipv4.format(i.gateway()));
            i.ipRange().ifPresent(r -> ipam.put("ipRange", r.toString()));
        });
        return o;
    }

    static Network network(JsonNode o) {
        Optional<Ipam> ipam = Optional.ofNullable(o.get("ipam")).map(i -> new Ipam(
                Subnet.parse(i.path("subnet").asText()), Ipv4.parse(i.path("gateway").asText()),
                Optional.ofNullable(i.get("ipRange")).map(r -> Subnet.parse(r.asText()))));
        return new Network(o.path("id").asText(), o.path("name").asText(), o.path("driver").asText(),
                Instant.parse(o.path("created").asText()), o.path("internal").asBoolean(),
                o.path("attachable").asBoolean(), strings(o.get("labels")), strings(o.get("options")),
                Optional.ofNullable(o.get("bridge")).map(JsonNode::asText), ipam);
    }

    static ObjectNode container(ContainerNetworking c) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("containerId", c.containerId());
        o.put("name", c.name());
        o.put("hostname", c.hostname());
        o.put("mode", c.mode().wire());
        var attachments = o.putArray("attachments");
        for (Attachment a : c.attachments()) {
            ObjectNode x = attachments.addObject();
            x.put("networkId", a.networkId());
            x.set("aliases", Json.MAPPER.valueToTree(a.aliases()));
            a.ipv4().ifPresent(ip -> x.put("ipv4", Ipv4.format(ip)));
            a.mac().ifPresent(mac -> x.put("mac", mac));
        }
        o.set("ports", ports(c.ports()));
        o.put("publishAll", c.publishAll());
        o.set("exposed", Json.MAPPER.valueToTree(c.exposed()));
        o.set("hosts", Json.MAPPER.valueToTree(hosts(c.hosts())));
        c.sandbox().ifPresent(s -> o.set("sandbox", sandbox(s)));
        return o;
    }

    static ContainerNetworking container(JsonNode o) {
        List<Attachment> attachments = new ArrayList<>();
        for (JsonNode a : o.path("attachments")) {
            attachments.add(new Attachment(a.path("networkId").asText(), list(a.get("aliases")),
                    Optional.ofNullable(a.get("ipv4")).map(ip -> Ipv4.parse(ip.asText())),
                    Optional.ofNullable(a.get("mac")).map(JsonNode::asText)));
        }
        JsonNode h = o.path("hosts");
        HostsConfig hosts = new HostsConfig(list(h.get("extraHosts")), list(h.get("dns")), list(h.get("dnsSearch")),
                list(h.get("dnsOptions")), list(h.get("links")));
        return new ContainerNetworking(o.path("containerId").asText(), o.path("name").asText(),
                o.path("hostname").asText(), NetworkMode.parse(o.path("mode").asText()), attachments,
                ports(o.path("ports")), o.path("publishAll").asBoolean(), list(o.get("exposed")), hosts,
                Optional.ofNullable(o.get("sandbox")).map(NetworkCodec::sandbox));
    }

    private static Map<String, Object> hosts(HostsConfig h) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("extraHosts", h.extraHosts());
        m.put("dns", h.dns());
        m.put("dnsSearch", h.dnsSearch());
        m.put("dnsOptions", h.dnsOptions());
        m.put("links", h.links());
        return m;
    }

    private static ObjectNode sandbox(Sandbox s) {
        ObjectNode o = Json.MAPPER.createObjectNode();
        o.put("netns", s.netns().toString());
        o.put("ownsNetns", s.ownsNetns());
        var endpoints = o.putArray("endpoints");
        for (Endpoint e : s.endpoints()) {
            ObjectNode x = endpoints.addObject();
            x.put("networkId", e.networkId());
            x.put("endpointId", e.endpointId());
            x.put("ifname", e.ifname());
            x.put("mac", e.mac());
            x.put("address", e.cidr());
            x.put("gateway", Ipv4.format(e.gateway()));
            x.set("aliases", Json.MAPPER.valueToTree(e.aliases()));
        }
        o.set("ports", ports(s.ports()));
        return o;
    }

    private static Sandbox sandbox(JsonNode o) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (JsonNode e : o.path("endpoints")) {
            String cidr = e.path("address").asText();
            int slash = cidr.indexOf('/');
            endpoints.add(new Endpoint(e.path("networkId").asText(), e.path("endpointId").asText(),
                    e.path("ifname").asText(), e.path("mac").asText(), Ipv4.parse(cidr.substring(0, slash)),
                    Integer.parseInt(cidr.substring(slash + 1)), Ipv4.parse(e.path("gateway").asText()),
                    list(e.get("aliases"))));
        }
        return new Sandbox(Path.of(o.path("netns").asText()), o.path("ownsNetns").asBoolean(), endpoints,
                ports(o.path("ports")));
    }

    private static com.fasterxml.jackson.databind.node.ArrayNode ports(List<PortMapping> ports) {
        var a = Json.MAPPER.createArrayNode();
        for (PortMapping p : ports) {
            a.addObject().put("containerPort", p.containerPort()).put("protocol", p.protocol())
                    .put("hostIp", p.hostIp()).put("hostPort", p.hostPort()).put("hostPortEnd", p.hostPortEnd());
        }
        return a;
    }

    private static List<PortMapping> ports(JsonNode a) {
        List<PortMapping> ports = new ArrayList<>();
        for (JsonNode p : a) {
            ports.add(new PortMapping(p.path("containerPort").asInt(), p.path("protocol").asText(),
                    p.path("hostIp").asText(), p.path("hostPort").asInt(), p.path("hostPortEnd").asInt()));
        }
        return ports;
    }

    private static List<String> list(JsonNode a) {
        List<String> l = new ArrayList<>();
        if (a != null) {
            a.forEach(x -> l.add(x.asText()));
        }
        return l;
    }

    private static Map<String, String> strings(JsonNode o) {
        Map<String, String> m = new LinkedHashMap<>();
        if (o != null) {
            o.properties().forEach(e -> m.put(e.getKey(), e.getValue().asText()));
        }
        return m;
    }
}
