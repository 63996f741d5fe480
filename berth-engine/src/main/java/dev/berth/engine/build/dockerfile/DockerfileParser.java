package dev.berth.engine.build.dockerfile;

import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a Dockerfile into {@link Node}s as buildkit's {@code frontend/dockerfile/parser} does: parser directives at
 * the top, comment lines dropped (also inside continuations), the escape token at the end of a line continuing it,
 * empty continuation lines skipped, leading {@code --flags} split off, each instruction's arguments split by its own
 * grammar ({@link NodeArguments}), and for RUN, COPY and ADD the here-documents named on the first line read from the
 * lines after it. Errors name the line: {@code dockerfile parse error line 3: ENV must have two arguments}.
 */
public final class DockerfileParser {
    private static final Pattern DIRECTIVE = Pattern.compile("^#[ \\t]*([a-zA-Z][a-zA-Z0-9]*)[ \\t]*=[ \\t]*(.+?)[ \\t]*$");
    private static final Set<String> DIRECTIVES = Set.of("escape", "syntax", "check");
    private static final Pattern WHITESPACE = Pattern.compile("[\\t\\u000b\\f\\r ]+");
    private static final Set<String> HEREDOC_INSTRUCTIONS = Set.of("run", "copy", "add");

    /** A parsed Dockerfile: its directives and instructions in order. */
    public record Result(Directives directives, List<Node> nodes) {
        public Result {
            nodes = List.copyOf(nodes);
        }
    }

    private final List<String> lines;
    private int next;
    private char escape = '\\';
    private Pattern continuation = continuationFor('\\');
    private boolean directivesDone;
    private final Set<String> seen = new HashSet<>();
    private Optional<String> syntax = Optional.empty();
    private Optional<String> check = Optional.empty();

    private DockerfileParser(String text) {
        this.lines = splitLines(text);
    }

    public static Result parse(String text) {
        return new DockerfileParser(text).run();
    }

    /** The error docker's classic builder reports for {@code message} at {@code line}. */
    public static BerthException error(int line, String message) {
        return BerthException.invalid("dockerfile parse error line " + line + ": " + message);
    }

    private Result run() {
        List<Node> nodes = new ArrayList<>();
        while (next < lines.size()) {
            String raw = lines.get(next);
            if (next == 0 && raw.startsWith("\uFEFF")) {
                raw = raw.substring(1);
            }
            int startLine = next + 1;
            String first = processLine(raw, true, startLine);
            next++;
            boolean[] end = new boolean[1];
            String line = trimContinuation(first, end);
            if (end[0] && line.isEmpty()) {
                continue;
            }
            StringBuilder buf = new StringBuilder(line);
            while (!end[0] && next < lines.size()) {
                String physical = lines.get(next);
                String processed = processLine(physical, false, next + 1);
                next++;
                if (isComment(physical)) {
                    continue;
                }
                if (processed.isBlank()) {
                    continue;
                }
                buf.append(trimContinuation(processed, end));
            }
            Node node;
            try {
                node = NodeArguments.node(buf.toString(), escape);
            } catch (BerthException e) {
                throw error(startLine, e.getMessage());
            }
            if (HEREDOC_INSTRUCTIONS.contains(node.keyword()) && line.contains("<<")) {
                node = node.withHeredocs(readHeredocs(line, startLine));
            }
            nodes.add(node.at(startLine, next));
        }
        return new Result(new Directives(escape, syntax, check), nodes);
    }

    private List<Heredoc> readHeredocs(String line, int startLine) {
        List<Heredoc> docs = new ArrayList<>();
        for (NodeArguments.HeredocStart start : NodeArguments.heredocStarts(line)) {
            StringBuilder content = new StringBuilder();
            boolean terminated = false;
            while (next < lines.size()) {
                String physical = lines.get(next++);
                String candidate = trimNewline(physical);
                if (start.chomp()) {
                    candidate = candidate.replaceFirst("^\t+", "");
                }
                if (candidate.equals(start.name())) {
                    terminated = true;
                    break;
                }
                content.append(physical);
            }
            if (!terminated) {
                throw error(startLine, "unterminated heredoc");
            }
            docs.add(new Heredoc(start.name(), content.toString(), start.expand(), start.chomp()));
        }
        return docs;
    }

    /** Strips the newline (and leading white space of a new instruction), drops comments, notes directives. */
    private String processLine(String raw, boolean stripLeft, int lineNo) {
        String token = trimNewline(raw);
        if (stripLeft) {
            token = token.stripLeading();
        }
        directive(token, lineNo);
        return isComment(token) ? "" : token;
    }

    private void directive(String line, int lineNo) {
        if (directivesDone) {
            return;
        }
        Matcher m = DIRECTIVE.matcher(line);
        if (!m.matches()) {
            directivesDone = true;
            return;
        }
        String name = m.group(1).toLowerCase(Locale.ROOT);
        if (!DIRECTIVES.contains(name)) {
            return;
        }
        if (!seen.add(name)) {
            throw error(lineNo, "only one " + name + " parser directive can be used");
        }
        String value = m.group(2);
        switch (name) {
            case "escape" -> {
                if (!value.equals("`") && !value.equals("\\")) {
                    throw error(lineNo, "invalid escape token '" + value + "' does not match ` or \\");
                }
                escape = value.charAt(0);
                continuation = continuationFor(escape);
            }
            case "syntax" -> syntax = Optional.of(value);
            default -> check = Optional.of(value);
        }
    }

    private String trimContinuation(String line, boolean[] end) {
        Matcher m = continuation.matcher(line);
        if (m.find()) {
            end[0] = false;
            return line.substring(0, m.start());
        }
        end[0] = true;
        return line;
    }

    private static Pattern continuationFor(char escape) {
        return Pattern.compile(Pattern.quote(String.valueOf(escape)) + "[ \\t]*$");
    }

    static boolean isComment(String line) {
        return trimNewline(line).stripLeading().startsWith("#");
    }

    static String trimNewline(String line) {
        if (line.endsWith("\r\n")) {
            return line.substring(0, line.length() - 2);
        }
        if (line.endsWith("\n")) {
            return line.substring(0, line.length() - 1);
        }
        return line;
    }

    /** The lines of {@code text}, each with its newline (the last one may have none). */
    private static List<String> splitLines(String text) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                out.add(text.substring(start, i + 1));
                start = i + 1;
            }
        }
        if (start < text.length()) {
            out.add(text.substring(start));
        }
        return out;
    }

    static List<String> splitWhitespace(String s) {
        String t = s.strip();
        return t.isEmpty() ? List.of() : List.of(WHITESPACE.split(t));
    }
}
