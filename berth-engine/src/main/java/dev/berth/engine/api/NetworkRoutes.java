package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.network.Network;
import dev.berth.engine.network.Networks;
import dev.berth.oci.error.BerthException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The network endpoints: list, inspect, create, remove, connect, disconnect, prune, in docker's shapes (Engine API
 * "Network" section).
 */
public final class NetworkRoutes {
    private static final String ID = "/networks/([^/]+)";
    private static final List<String> LIST_FILTERS = List.of("dangling", "driver", "id", "label", "name", "scope",
            "type");

    private final Networks networks;

    public NetworkRoutes(Networks networks) {
        this.networks = networks;
    }

    public void register(Router router) {
        router.add("GET", "/networks", this::list)
                .add("GET", "/networks/json", this::list)
                .add("POST", "/networks/create", this::create)
                .add("POST", "/networks/prune", this::prune)
                .add("GET", ID, this::inspect)
                .add("DELETE", ID, this::remove)
                .add("POST", ID + "/connect", this::connect)
                .add("POST", ID + "/disconnect", this::disconnect);
    }

    private void list(ApiRequest req, ApiResponse res) {
        Predicate<Network> filter = filter(req.filters(), LIST_FILTERS);
        ArrayNode out = SystemRoutes.NODES.arrayNode();
        for (Network n : networks.list()) {
            if (filter.test(n)) {
                out.add(NetworkJson.network(n, List.of()));
            }
        }
        res.json(HttpResponseStatus.OK, out);
    }

    private void inspect(ApiRequest req, ApiResponse res) {
        Network n = networks.find(req.param(0));
        res.json(HttpResponseStatus.OK, NetworkJson.network(n, networks.endpoints(n)));
    }

    private void create(ApiRequest req, ApiResponse res) {
        JsonNode body = req.json().orElseThrow(() -> BerthException.invalid("network name is required"));
        Network n = networks.create(NetworkJson.create(body));
        ObjectNode out = SystemRoutes.NODES.objectNode();
        out.put("Id", n.id());
        out.put("Warning", "");
        res.json(HttpResponseStatus.CREATED, out);
    }

    private void remove(ApiRequest req, ApiResponse res) {
        networks.remove(req.param(0));
        res.empty(HttpResponseStatus.NO_CONTENT);
    }

    private void connect(ApiRequest req, ApiResponse res) {
        JsonNode body = req.json().orElseThrow(() -> BerthException.invalid("no container given"));
        String container = body.path("Container").asText("");
        if (container.isEmpty()) {
            throw BerthException.invalid("no container given");
        }
        JsonNode endpoint = body.path("EndpointConfig");
        List<String> aliases = new ArrayList<>();
        endpoint.path("Aliases").forEach(a -> aliases.add(a.asText()));
        String ip = endpoint.path("IPAMConfig").path("IPv4Address").asText("");
        networks.connect(container, req.param(0), aliases, ip.isEmpty() ? Optional.empty() : Optional.of(ip));
        res.empty(HttpResponseStatus.OK);
    }

    private void disconnect(ApiRequest req, ApiResponse res) {
        JsonNode body = req.json().orElseThrow(() -> BerthException.invalid("no container given"));
        networks.disconnect(body.path("Container").asText(""), req.param(0), body.path("Force").asBoolean());
        res.empty(HttpResponseStatus.OK);
    }

    private void prune(ApiRequest req, ApiResponse res) {
        List<String> removed = networks.prune(filter(req.filters(), List.of("label", "label!", "until")));
        ObjectNode out = SystemRoutes.NODES.objectNode();
        ArrayNode deleted = out.putArray("NetworksDeleted");
        removed.forEach(deleted::add);
        res.json(HttpResponseStatus.OK, out);
    }

    /** docker's network filters: name (substring), id (prefix), driver, label, type, scope, until. */
    private static Predicate<Network> filter(Map<String, List<String>> filters, List<String> allowed) {
        Predicate<Network> p = n -> true;
        for (Map.Entry<String, List<String>> f : filters.entrySet()) {
            if (!allowed.contains(f.getKey())) {
                throw BerthException.invalid("invalid filter '" + f.getKey() + "'");
            }
            List<String> values = f.getValue();
            Predicate<Network> one = switch (f.getKey()) {
                case "name" -> n -> values.stream().anyMatch(v -> n.name().contains(v));
                case "id" -> n -> values.stream().anyMatch(v -> n.id().startsWith(v));
                case "driver" -> n -> values.contains(n.driver());
                case "scope" -> n -> values.contains("local");
                case "type" -> n -> values.stream().anyMatch(v -> v.equals("custom") != n.predefined());
                case "label" -> n -> values.stream().allMatch(v -> labelMatches(n, v));
                case "label!" -> n -> values.stream().noneMatch(v -> labelMatches(n, v));
                case "until" -> n -> values.stream().allMatch(v -> !n.created().isAfter(until(v)));
                default -> n -> true;
            };
            p = p.and(one);
        }
        return p;
    }

    private static boolean labelMatches(Network n, String filter) {
        int eq = filter.indexOf('=');
        return eq < 0 ? n.labels().containsKey(filter)
                : filter.substring(eq + 1).equals(n.labels().get(filter.substring(0, eq)));
    }

    private static java.time.Instant until(String v) {
        try {
            return java.time.Instant.ofEpochSecond(Long.parseLong(v));
        } catch (NumberFormatException e) {
            try {
                return java.time.OffsetDateTime.parse(v).toInstant();
            } catch (java.time.format.DateTimeParseException e2) {
                throw BerthException.invalid("invalid filter 'until=" + v + "'");
            }
        }
    }
}
