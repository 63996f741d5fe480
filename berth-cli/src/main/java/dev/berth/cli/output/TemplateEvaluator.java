package dev.berth.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.MissingNode;
import dev.berth.cli.output.Template.Command;
import dev.berth.cli.output.Template.Operand;
import dev.berth.cli.output.Template.Pipeline;
import dev.berth.cli.output.Template.TemplateNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Executes parsed {@link Template} nodes over JSON values, with docker's template functions. */
final class TemplateEvaluator {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;
    private static final List<String> HEADER_PASS_THROUGH =
            List.of("json", "split", "join", "title", "lower", "upper", "pad", "truncate", "println");
    private final boolean header;
    private final JsonNode row;

    /** @param row the formatter row whose own JSON is HTML-escaped, or null */
    TemplateEvaluator(boolean header, JsonNode row) {
        this.header = header;
        this.row = row;
    }

    void run(List<TemplateNode> nodes, JsonNode dot, StringBuilder out) {
        for (TemplateNode node : nodes) {
            switch (node) {
                case TemplateNode.Text t -> out.append(t.text());
                case TemplateNode.Action a -> out.append(print(eval(a.pipeline(), dot)));
                case TemplateNode.If i -> run(truthy(eval(i.pipeline(), dot)) ? i.body() : i.otherwise(), dot, out);
                case TemplateNode.Range r -> range(r, dot, out);
            }
        }
    }

    private void range(TemplateNode.Range r, JsonNode dot, StringBuilder out) {
        JsonNode value = eval(r.pipeline(), dot);
        List<JsonNode> items = new ArrayList<>();
        if (value.isArray()) {
            value.forEach(items::add);
        } else if (value.isObject()) {
            new TreeMap<>(value.properties().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue)))
                    .values().forEach(items::add);
        } else if (!value.isNull() && !value.isMissingNode()) {
            throw Template.error("range can't iterate over " + print(value));
        }
        if (items.isEmpty()) {
            run(r.otherwise(), dot, out);
        }
        for (JsonNode item : items) {
            run(r.body(), item, out);
        }
    }

    JsonNode eval(Pipeline pipeline, JsonNode dot) {
        JsonNode previous = null;
        for (Command command : pipeline.commands()) {
            List<JsonNode> args = new ArrayList<>();
            for (Operand operand : command.args()) {
                args.add(operand(operand, dot));
            }
            if (previous != null) {
                if (command.function().isEmpty()) {
                    throw Template.error("can't give argument to non-function");
                }
                args.add(previous);
            }
            previous = command.function().isEmpty() ? args.getFirst() : call(command.function(), args);
        }
        return previous;
    }

    private JsonNode operand(Operand operand, JsonNode dot) {
        return switch (operand) {
            case Operand.Literal l -> l.value();
            case Operand.Nested n -> eval(n.pipeline(), dot);
            case Operand.Field f -> field(dot, f.chain());
        };
    }

    private static JsonNode field(JsonNode dot, List<String> chain) {
        JsonNode current = dot;
        for (String name : chain) {
            if (current.isObject()) {
                JsonNode next = current.get(name);
                current = next == null ? MissingNode.getInstance() : next;
            } else if (current.isMissingNode() || current.isNull()) {
                return MissingNode.getInstance();
            } else {
                throw Template.error("can't evaluate field " + name + " in type " + typeName(current));
            }
        }
        return current;
    }

    private JsonNode call(String function, List<JsonNode> args) {
        if (header && HEADER_PASS_THROUGH.contains(function)) {
            return args.isEmpty() ? F.textNode("") : F.textNode(print(args.getFirst()));
        }
        return switch (function) {
            case "json" -> F.textNode(GoJson.marshal(arg(args, 0, function), arg(args, 0, function) == row));
            case "upper" -> F.textNode(print(arg(args, 0, function)).toUpperCase(Locale.ROOT));
            case "lower" -> F.textNode(print(arg(args, 0, function)).toLowerCase(Locale.ROOT));
            case "title" -> F.textNode(title(print(arg(args, 0, function))));
            case "join" -> F.textNode(join(arg(args, 0, function), print(arg(args, 1, function))));
            case "split" -> split(print(arg(args, 0, function)), print(arg(args, 1, function)));
            case "pad" -> F.textNode(" ".repeat(arg(args, 1, function).asInt()) + print(arg(args, 0, function))
                    + " ".repeat(arg(args, 2, function).asInt()));
            case "truncate" -> truncate(print(arg(args, 0, function)), arg(args, 1, function).asInt());
            case "println" -> F.textNode(args.stream().map(TemplateEvaluator::print)
                    .collect(Collectors.joining(" ")) + "\n");
            case "index" -> index(args);
            case "len" -> F.numberNode(arg(args, 0, function).size());
            case "not" -> F.booleanNode(!truthy(arg(args, 0, function)));
            case "and" -> args.stream().filter(a -> !truthy(a)).findFirst().orElse(args.getLast());
            case "or" -> args.stream().filter(TemplateEvaluator::truthy).findFirst().orElse(args.getLast());
            case "eq" -> F.booleanNode(args.subList(1, args.size()).stream()
                    .anyMatch(a -> print(a).equals(print(arg(args, 0, function)))));
            case "ne" -> F.booleanNode(!print(arg(args, 0, function)).equals(print(arg(args, 1, function))));
            default -> throw Template.error(":1: function \"" + function + "\" not defined");
        };
    }

    private static JsonNode arg(List<JsonNode> args, int i, String function) {
        if (i >= args.size()) {
            throw Template.error("wrong number of args for " + function + ": want " + (i + 1) + " got "
                    + args.size());
        }
        return args.get(i);
    }

    private static JsonNode index(List<JsonNode> args) {
        JsonNode current = arg(args, 0, "index");
        for (JsonNode key : args.subList(1, args.size())) {
            JsonNode next = key.isNumber() ? current.get(key.asInt()) : current.get(key.asText());
            if (next == null && key.isNumber()) {
                throw Template.error("error calling index: index out of range: " + key.asInt());
            }
            current = next == null ? MissingNode.getInstance() : next;
        }
        return current;
    }

    private static String join(JsonNode list, String separator) {
        List<String> parts = new ArrayList<>();
        list.forEach(e -> parts.add(print(e)));
        return String.join(separator, parts);
    }

    private static JsonNode split(String s, String separator) {
        ArrayNode parts = F.arrayNode();
        for (String p : s.split(java.util.regex.Pattern.quote(separator), -1)) {
            parts.add(p);
        }
        return parts;
    }

    private static JsonNode truncate(String s, int length) {
        return F.textNode(s.codePointCount(0, s.length()) <= length ? s
                : s.substring(0, s.offsetByCodePoints(0, length)));
    }

    private static String title(String s) {
        StringBuilder b = new StringBuilder(s.length());
        boolean start = true;
        for (char c : s.toCharArray()) {
            b.append(start ? Character.toTitleCase(c) : c);
            start = !Character.isLetterOrDigit(c) && c != '_' && c != '\'';
        }
        return b.toString();
    }

    static boolean truthy(JsonNode v) {
        if (v == null || v.isMissingNode() || v.isNull()) {
            return false;
        }
        if (v.isBoolean()) {
            return v.booleanValue();
        }
        if (v.isNumber()) {
            return v.asDouble() != 0;
        }
        if (v.isTextual()) {
            return !v.textValue().isEmpty();
        }
        return !v.isEmpty();
    }

    /** Go's {@code fmt.Print} of a decoded JSON value. */
    static String print(JsonNode v) {
        if (v == null || v.isMissingNode()) {
            return "<no value>";
        }
        if (v.isNull()) {
            return "<nil>";
        }
        if (v.isTextual()) {
            return v.textValue();
        }
        if (v.isArray()) {
            List<String> parts = new ArrayList<>();
            v.forEach(e -> parts.add(print(e)));
            return "[" + String.join(" ", parts) + "]";
        }
        if (v.isObject()) {
            TreeMap<String, String> sorted = new TreeMap<>();
            v.properties().forEach(e -> sorted.put(e.getKey(), print(e.getValue())));
            return sorted.entrySet().stream().map(e -> e.getKey() + ":" + e.getValue())
                    .collect(Collectors.joining(" ", "map[", "]"));
        }
        return v.asText();
    }

    private static String typeName(JsonNode v) {
        return v.isTextual() ? "string" : v.isNumber() ? "float64" : v.isBoolean() ? "bool" : "interface {}";
    }
}
