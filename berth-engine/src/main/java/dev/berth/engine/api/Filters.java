package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code filters} query parameter (moby {@code api/types/filters}): a JSON object from filter name to either
 * {@code {"value": true}} (current clients) or {@code ["value"]} (API before 1.22).
 */
final class Filters {
    private Filters() {}

    static Map<String, List<String>> parse(String json) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (json.isBlank()) {
            return out;
        }
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw BerthException.invalid("invalid filter: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw BerthException.invalid("invalid filter: expected a JSON object");
        }
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            List<String> values = new ArrayList<>();
            JsonNode v = e.getValue();
            if (v.isArray()) {
                v.forEach(x -> values.add(x.asText()));
            } else if (v.isObject()) {
                v.properties().forEach(x -> {
                    if (x.getValue().asBoolean()) {
                        values.add(x.getKey());
                    }
                });
            } else {
                throw BerthException.invalid("invalid filter '" + e.getKey() + "'");
            }
            out.put(e.getKey(), values);
        }
        return out;
    }
}
