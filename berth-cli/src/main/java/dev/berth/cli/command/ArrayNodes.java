package dev.berth.cli.command;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Lists as the JSON arrays docker sends: {@code null} when empty, as Go's nil slices marshal. */
final class ArrayNodes {
    private ArrayNodes() {}

    static void put(ObjectNode node, String field, List<String> values) {
        if (values.isEmpty()) {
            node.putNull(field);
            return;
        }
        ArrayNode a = node.putArray(field);
        values.forEach(a::add);
    }
}
