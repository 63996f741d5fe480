package dev.berth.engine.build.dockerfile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How each instruction's arguments are split (buildkit's parser dispatch table): JSON array or one shell string
 * (RUN, CMD, ENTRYPOINT, SHELL), JSON array or white-space separated words (COPY, ADD, VOLUME), words (FROM, EXPOSE),
 * one string (USER, WORKDIR, STOPSIGNAL, MAINTAINER), {@code name=value} pairs or the legacy {@code name value}
 * (ENV, LABEL), names with optional values (ARG), a type and a command (HEALTHCHECK), an instruction (ONBUILD).
 */
final class NodeArguments {
    private static final Pattern HEREDOC = Pattern.compile("^(\\d*)<<(-?)([^<]*)$");
    static final String NOT_STRING_ARRAY = "when using JSON array syntax, arrays must be comprised of strings only";

    private NodeArguments() {}

    private record Parsed(List<String> args, boolean json, Optional<Node> child) {
        static Parsed of(List<String> args) {
            return new Parsed(args, false, Optional.empty());
        }
    }

    /** A here-document named on an instruction's line. */
    record HeredocStart(String name, boolean expand, boolean chomp) {}

    static Node node(String line, char escape) {
        String trimmed = line.strip();
        String[] cmdline = trimmed.split("[\\t\\u000b\\f\\r ]+", 2);
        String cmd = cmdline[0];
        List<String> flags = new ArrayList<>();
        String rest = "";
        if (cmdline.length == 2) {
            rest = extractFlags(cmdline[1], flags).strip();
        }
        String keyword = cmd.toLowerCase(Locale.ROOT);
        Parsed p = switch (keyword) {
            case "run", "cmd", "entrypoint", "shell" -> maybeJson(rest);
            case "copy", "add", "volume" -> maybeJsonToList(rest);
            case "from", "expose" -> Parsed.of(DockerfileParser.splitWhitespace(rest));
            case "user", "workdir", "stopsignal", "maintainer" -> Parsed.of(rest.isEmpty() ? List.of() : List.of(rest));
            case "env", "label" -> Parsed.of(nameValues(rest, keyword.toUpperCase(Locale.ROOT), escape));
            case "arg" -> Parsed.of(words(rest, escape));
            case "healthcheck" -> healthcheck(rest);
            case "onbuild" -> rest.isEmpty() ? Parsed.of(List.of())
                    : new Parsed(List.of(), false, Optional.of(node(rest, escape)));
            default -> Parsed.of(DockerfileParser.splitWhitespace(rest));
        };
        return new Node(keyword, line, flags, p.args(), p.json(), List.of(), 0, 0, p.child());
    }

    /** Leading {@code --name=value} words, quotes and escapes respected; returns the rest of the line. */
    private static String extractFlags(String line, List<String> flags) {
        int pos = 0;
        while (true) {
            while (pos < line.length() && Character.isWhitespace(line.charAt(pos))) {
                pos++;
            }
            if (!line.startsWith("--", pos)) {
                return line.substring(pos);
            }
            StringBuilder word = new StringBuilder();
            char quote = 0;
            while (pos < line.length()) {
                char c = line.charAt(pos);
                if (quote == 0 && Character.isWhitespace(c)) {
                    break;
                }
                if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (quote != 0 && c == quote) {
                    quote = 0;
                } else if (c == '\\' && quote != '\'' && pos + 1 < line.length()) {
                    word.append(line.charAt(++pos));
                } else {
                    word.append(c);
                }
                pos++;
            }
            if (word.toString().equals("--")) {
                return line.substring(pos);
            }
            flags.add(word.toString());
        }
    }

    private static Parsed maybeJson(String rest) {
        if (rest.isEmpty()) {
            return Parsed.of(List.of());
        }
        if (rest.startsWith("[")) {
            Optional<List<String>> array = jsonArray(rest);
            if (array.isPresent()) {
                return new Parsed(array.get(), true, Optional.empty());
            }
        }
        return Parsed.of(List.of(rest));
    }

    private static Parsed maybeJsonToList(String rest) {
        if (rest.startsWith("[")) {
            Optional<List<String>> array = jsonArray(rest);
            if (array.isPresent()) {
                return new Parsed(array.get(), true, Optional.empty());
            }
        }
        return Parsed.of(DockerfileParser.splitWhitespace(rest));
    }

    /** The strings of a JSON array; empty when {@code rest} is no JSON array, an error when it holds a non-string. */
    static Optional<List<String>> jsonArray(String rest) {
        JsonNode node;
        try {
            node = Json.MAPPER.readTree(rest);
        } catch (JsonProcessingException e) {
            return Optional.empty();
        }
        if (node == null || !node.isArray()) {
            return Optional.empty();
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : node) {
            if (!e.isTextual()) {
                throw BerthException.invalid(NOT_STRING_ARRAY);
            }
            out.add(e.textValue());
        }
        return Optional.of(out);
    }

    private static Parsed healthcheck(String rest) {
        List<String> parts = List.of(rest.split("[\\t\\u000b\\f\\r ]+", 2));
        String type = parts.getFirst().toUpperCase(Locale.ROOT);
        if (rest.isEmpty()) {
            return Parsed.of(List.of());
        }
        if (type.equals("NONE")) {
            return Parsed.of(List.of("NONE"));
        }
        if (!type.equals("CMD")) {
            throw BerthException.invalid("Unknown type \"" + parts.getFirst() + "\" in HEALTHCHECK (try CMD)");
        }
        Parsed cmd = maybeJson(parts.size() > 1 ? parts.get(1).strip() : "");
        List<String> args = new ArrayList<>();
        args.add("CMD");
        args.addAll(cmd.args());
        return new Parsed(args, cmd.json(), Optional.empty());
    }

    /** {@code name=value ...} or the legacy {@code name value with spaces}: names and values alternating. */
    private static List<String> nameValues(String rest, String keyword, char escape) {
        List<String> words = words(rest, escape);
        if (words.isEmpty()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        if (!words.getFirst().contains("=")) {
            String[] parts = rest.split("[\\t\\u000b\\f\\r ]+", 2);
            if (parts.length < 2) {
                throw BerthException.invalid(keyword + " must have two arguments");
            }
            out.add(parts[0]);
            out.add(parts[1]);
            return out;
        }
        for (String word : words) {
            int eq = word.indexOf('=');
            if (eq < 0) {
                throw BerthException.invalid("Syntax error - can't find = in \"" + word
                        + "\". Must be of the form: name=value");
            }
            out.add(word.substring(0, eq));
            out.add(word.substring(eq + 1));
        }
        return out;
    }

    /** Splits at white space outside quotes; quotes and escapes stay in the words for later expansion. */
    static List<String> words(String rest, char escape) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        boolean blankOk = false;
        char quote = 0;
        int i = 0;
        int n = rest.length();
        while (i < n) {
            char ch = rest.charAt(i);
            if (quote != 0) {
                if (ch == quote) {
                    quote = 0;
                } else if (ch == escape && quote != '\'') {
                    if (i + 1 == n) {
                        i++;
                        continue;
                    }
                    word.append(ch);
                    ch = rest.charAt(++i);
                }
                word.append(ch);
                i++;
                continue;
            }
            if (Character.isWhitespace(ch)) {
                if (inWord && (blankOk || !word.isEmpty())) {
                    words.add(word.toString());
                }
                inWord = false;
                blankOk = false;
                word.setLength(0);
                i++;
                continue;
            }
            inWord = true;
            if (ch == '\'' || ch == '"') {
                quote = ch;
                blankOk = true;
            }
            if (ch == escape) {
                if (i + 1 == n) {
                    i++;
                    continue;
                }
                word.append(ch);
                ch = rest.charAt(++i);
            }
            word.append(ch);
            i++;
        }
        if (inWord && (blankOk || !word.isEmpty())) {
            words.add(word.toString());
        }
        return words;
    }

    /** The here-documents {@code line} opens, in order ({@code <<EOF}, {@code <<-EOF}, {@code <<"EOF"}, {@code 3<<EOF}). */
    static List<HeredocStart> heredocStarts(String line) {
        List<HeredocStart> out = new ArrayList<>();
        for (String word : rawWords(line)) {
            Matcher m = HEREDOC.matcher(word);
            if (!m.matches() || m.group(3).isEmpty()) {
                continue;
            }
            String rest = m.group(3);
            boolean quoted = rest.indexOf('\'') >= 0 || rest.indexOf('"') >= 0;
            String name = new ShellLex('\\').processWord(rest, k -> Optional.empty());
            out.add(new HeredocStart(name, !quoted, m.group(2).equals("-")));
        }
        return out;
    }

    /** Words split at unquoted white space, quotes and escapes kept (buildkit's lexer with raw quotes and escapes). */
    private static List<String> rawWords(String line) {
        return words(line, '\\');
    }
}
