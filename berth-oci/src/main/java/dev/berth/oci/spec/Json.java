package dev.berth.oci.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The one JSON mapper of the image model, and the tree helpers its documents are read and written with. Documents are
 * read from a tree so unknown fields can be kept, and written compactly with known fields first, in spec order.
 */
public final class Json {
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);
    static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {}

    /** Parses {@code bytes} as one JSON object; anything else is INVALID_ARGUMENT naming {@code what}. */
    public static ObjectNode object(byte[] bytes, String what) {
        JsonNode node;
        try {
            node = MAPPER.readTree(bytes);
        } catch (JsonProcessingException e) {
            throw BerthException.invalid(what + ": invalid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw BerthException.invalid(what + ": invalid JSON: " + e.getMessage());
        }
        if (node == null || !node.isObject()) {
            throw BerthException.invalid(what + ": expected a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Compact serialisation of a tree or value. */
    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("serialise JSON", e);
        }
    }

    static Optional<String> text(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            throw BerthException.invalid(what + ": " + field + " must be a string");
        }
        return Optional.of(v.textValue());
    }

    static String requiredText(JsonNode node, String field, String what) {
        return text(node, field, what).orElseThrow(() -> BerthException.invalid(what + ": " + field + " is missing"));
    }

    static Optional<List<String>> strings(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isArray()) {
            throw BerthException.invalid(what + ": " + field + " must be an array of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw BerthException.invalid(what + ": " + field + " must be an array of strings");
            }
            out.add(e.textValue());
        }
        return Optional.of(List.copyOf(out));
    }

    static Map<String, String> stringMap(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw BerthException.invalid(what + ": " + field + " must be an object of strings");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw BerthException.invalid(what + ": " + field + "." + e.getKey() + " must be a string");
            }
            out.put(e.getKey(), e.getValue().textValue());
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** The keys of an object whose values are empty objects, as docker writes sets ({@code ExposedPorts}). */
    static Optional<List<String>> keySet(JsonNode node, String field, String what) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isObject()) {
            throw BerthException.invalid(what + ": " + field + " must be an object");
        }
        List<String> keys = new ArrayList<>();
        v.fieldNames().forEachRemaining(keys::add);
        return Optional.of(List.copyOf(keys));
    }

    /** The fields of {@code node} not named in {@code known}, in their order, to be written back unchanged. */
    static ObjectNode unknown(ObjectNode node, Set<String> known) {
        ObjectNode out = NODES.objectNode();
        node.fields().forEachRemaining(e -> {
            if (!known.contains(e.getKey())) {
                out.set(e.getKey(), e.getValue());
            }
        });
        return out;
    }

    static void putStrings(ObjectNode node, String field, Optional<List<String>> values) {
        values.ifPresent(list -> {
            ArrayNode array = node.putArray(field);
            list.forEach(array::add);
        });
    }

    static void putStrings(ObjectNode node, String field, List<String> values) {
        if (!values.isEmpty()) {
            putStrings(node, field, Optional.of(values));
        }
    }

    static void putMap(ObjectNode node, String field, Map<String, String> values) {
        if (!values.isEmpty()) {
            ObjectNode map = node.putObject(field);
            values.forEach(map::put);
        }
    }

    static void putKeySet(ObjectNode node, String field, Optional<List<String>> keys) {
        keys.ifPresent(list -> {
            ObjectNode set = node.putObject(field);
            list.forEach(set::putObject);
        });
    }

    /** A defensive deep copy, so records holding trees stay immutable to their callers. */
    static ObjectNode copy(ObjectNode node) {
        return node.deepCopy();
    }
}
