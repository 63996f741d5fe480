package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.volume.Volume;
import dev.berth.engine.volume.VolumeFilter;
import dev.berth.engine.volume.VolumeStore;
import dev.berth.oci.error.BerthException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code POST /volumes/create}, {@code GET /volumes}, {@code GET /volumes/{name}}, {@code DELETE /volumes/{name}}
 * and {@code POST /volumes/prune}, in dockerd's shapes and with its errors.
 */
public final class VolumeRoutes {
    private static final String NAME = "/volumes/([^/]+)";

    private final VolumeStore store;

    public VolumeRoutes(VolumeStore store) {
        this.store = store;
    }

    public void register(Router router) {
        router.add("POST", "/volumes/create", this::create)
                .add("POST", "/volumes/prune", this::prune)
                .add("GET", "/volumes", this::list)
                .add("GET", NAME, this::inspect)
                .add("DELETE", NAME, this::remove);
    }

    /** The {@code Volumes} of {@code GET /system/df}: local volumes without options, with their size and users. */
    public ArrayNode diskUsage() {
        ArrayNode out = SystemRoutes.NODES.arrayNode();
        for (Volume v : store.list()) {
            if (v.options().options().isEmpty()) {
                out.add(VolumeJson.withUsage(v, store.size(v), store.references(v.name()).size()));
            }
        }
        return out;
    }

    private void create(ApiRequest req, ApiResponse res) {
        JsonNode body = req.json().orElse(SystemRoutes.NODES.objectNode());
        if (!body.isObject()) {
            throw BerthException.invalid("invalid JSON body: expected an object");
        }
        Volume v = store.create(body.path("Name").asText(""), body.path("Driver").asText(""),
                strings(body.path("DriverOpts")), strings(body.path("Labels")));
        res.json(HttpResponseStatus.CREATED, VolumeJson.of(v));
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        if (n.isObject()) {
            n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        }
        return out;
    }

    private void list(ApiRequest req, ApiResponse res) {
        VolumeFilter filter = VolumeFilter.forList(req.filters());
        ObjectNode out = SystemRoutes.NODES.objectNode();
        ArrayNode list = out.putArray("Volumes");
        for (Volume v : store.list()) {
            if (filter.test(v, store.references(v.name()).size())) {
                list.add(VolumeJson.of(v));
            }
        }
        out.putNull("Warnings");
        res.json(HttpResponseStatus.OK, out);
    }

    private void inspect(ApiRequest req, ApiResponse res) {
        res.json(HttpResponseStatus.OK, VolumeJson.of(store.get(req.param(0))));
    }

    private void remove(ApiRequest req, ApiResponse res) {
        store.remove(req.param(0), req.flag("force"));
        res.empty(HttpResponseStatus.NO_CONTENT);
    }

    private void prune(ApiRequest req, ApiResponse res) {
        VolumeFilter filter = VolumeFilter.forPrune(req.filters(), !req.version().lessThan("1.42"));
        VolumeStore.PruneReport report = store.prune(filter);
        ObjectNode out = SystemRoutes.NODES.objectNode();
        if (report.deleted().isEmpty()) {
            out.putNull("VolumesDeleted");
        } else {
            ArrayNode names = out.putArray("VolumesDeleted");
            report.deleted().forEach(names::add);
        }
        out.put("SpaceReclaimed", report.reclaimed());
        res.json(HttpResponseStatus.OK, out);
    }
}
