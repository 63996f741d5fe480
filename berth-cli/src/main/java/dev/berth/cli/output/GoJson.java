package dev.berth.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.Map;

/**
 * Compact JSON as Go writes it for the docker CLI's {@code {{json …}}}: keys in the node's order, numbers as read.
 * {@code json.Marshal} also escapes {@code <}, {@code >}, {@code &}, U+2028 and U+2029 as {@code \\u00XX}; docker's
 * template function turns that off, except for formatter rows, which marshal themselves.
 */
public final class GoJson {
    private GoJson() {}

    public static String marshal(JsonNode node) {
        return marshal(node, true);
    }

    public static String marshal(JsonNode node, boolean escapeHtml) {
        StringBuilder out = new StringBuilder();
        new GoJson.Writer(escapeHtml).write(node, out);
        return out.toString();
    }

    private record Writer(boolean escapeHtml) {
    void write(JsonNode node, StringBuilder out) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            out.append("null");
        } else if (node.isObject()) {
            out.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = node.properties().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                string(e.getKey(), out);
                out.append(':');
                write(e.getValue(), out);
                if (it.hasNext()) {
                    out.append(',');
                }
            }
            out.append('}');
        } else if (node.isArray()) {
            out.append('[');
            for (int i = 0; i < node.size(); i++) {
                if (i > 0) {
                    out.append(',');
                }
                write(node.get(i), out);
            }
            out.append(']');
        } else if (node.isTextual()) {
            string(node.textValue(), out);
        } else {
            out.append(node.asText());
        }
    }

    void string(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '<', '>', '&' -> out.append(escapeHtml ? String.format("\\u%04x", (int) c) : String.valueOf(c));
                case '\u2028', '\u2029' -> out.append(String.format("\\u%04x", (int) c));
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
    }
}
