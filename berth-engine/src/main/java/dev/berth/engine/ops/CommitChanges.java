package dev.berth.engine.ops;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code docker commit --change}: Dockerfile instructions applied to the committed image's config, those docker
 * allows there — CMD, ENTRYPOINT (exec form as a JSON array, else shell form run by {@code /bin/sh -c}), ENV, LABEL
 * ({@code key=value} pairs, or one {@code key value}), EXPOSE, USER, WORKDIR, VOLUME, STOPSIGNAL.
 */
final class CommitChanges {
    private CommitChanges() {}

    static void apply(List<String> changes, ObjectNode config) {
        for (String change : changes) {
            for (String line : change.split("\n")) {
                if (!line.isBlank()) {
                    applyOne(line.strip(), config);
                }
            }
        }
    }

    private static void applyOne(String line, ObjectNode config) {
        int space = line.indexOf(' ');
        String instruction = (space < 0 ? line : line.substring(0, space)).toUpperCase(Locale.ROOT);
        String rest = space < 0 ? "" : line.substring(space + 1).strip();
        switch (instruction) {
            case "CMD" -> config.set("Cmd", command(rest));
            case "ENTRYPOINT" -> config.set("Entrypoint", command(rest));
            case "ENV" -> pairs(rest).forEach(kv -> setEnv(config, kv[0], kv[1]));
            case "LABEL" -> pairs(rest).forEach(kv -> config.with("Labels").put(kv[0], kv[1]));
            case "EXPOSE" -> {
                for (String port : rest.split("\\s+")) {
                    config.with("ExposedPorts").putObject(port.contains("/") ? port : port + "/tcp");
                }
            }
            case "USER" -> config.put("User", rest);
            case "WORKDIR" -> config.put("WorkingDir", rest);
            case "STOPSIGNAL" -> config.put("StopSignal", rest);
            case "VOLUME" -> {
                for (String v : rest.startsWith("[") ? strings(rest) : List.of(rest.split("\\s+"))) {
                    config.with("Volumes").putObject(v);
                }
            }
            default -> throw BerthException.invalid(instruction.toLowerCase(Locale.ROOT)
                    + " is not a valid change command");
        }
    }

    private static ArrayNode command(String rest) {
        ArrayNode a = Json.MAPPER.createArrayNode();
        if (rest.startsWith("[")) {
            strings(rest).forEach(a::add);
        } else {
            a.add("/bin/sh").add("-c").add(rest);
        }
        return a;
    }

    private static List<String> strings(String json) {
        try {
            JsonNode n = Json.MAPPER.readTree(json);
            List<String> out = new ArrayList<>();
            n.forEach(e -> out.add(e.asText()));
            return out;
        } catch (java.io.IOException e) {
            throw BerthException.invalid("invalid JSON array in change: " + json);
        }
    }

    /** {@code k=v k2="v 2"} pairs, or the legacy single {@code k v}. */
    private static List<String[]> pairs(String rest) {
        List<String[]> out = new ArrayList<>();
        if (!rest.contains("=") || rest.indexOf(' ') >= 0 && rest.indexOf(' ') < rest.indexOf('=')) {
            int sp = rest.indexOf(' ');
            out.add(new String[] {sp < 0 ? rest : rest.substring(0, sp), sp < 0 ? "" : rest.substring(sp + 1)});
            return out;
        }
        for (String word : words(rest)) {
            int eq = word.indexOf('=');
            out.add(eq < 0 ? new String[] {word, ""} : new String[] {word.substring(0, eq), word.substring(eq + 1)});
        }
        return out;
    }

    /** Splits on blanks outside double quotes, dropping the quotes. */
    private static List<String> words(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        for (char c : s.toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (!w.isEmpty()) {
                    out.add(w.toString());
                    w.setLength(0);
                }
            } else {
                w.append(c);
            }
        }
        if (!w.isEmpty()) {
            out.add(w.toString());
        }
        return out;
    }

    private static void setEnv(ObjectNode config, String key, String value) {
        ArrayNode env = config.withArray("Env");
        for (int i = 0; i < env.size(); i++) {
            if (env.get(i).asText().startsWith(key + "=")) {
                env.set(i, key + "=" + value);
                return;
            }
        }
        env.add(key + "=" + value);
    }
}
