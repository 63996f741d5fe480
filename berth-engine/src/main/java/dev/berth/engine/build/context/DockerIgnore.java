package dev.berth.engine.build.context;

import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The rules of a {@code .dockerignore} (moby's {@code dockerignore.ReadAll} and {@code patternmatcher}): one pattern a
 * line, {@code #} lines are comments, white space trimmed, paths cleaned ({@code ./a} is {@code a}, a leading
 * {@code /} dropped), {@code !} re-includes. A pattern is Go's {@code filepath.Match} ({@code *} and {@code ?} never
 * match {@code /}, {@code [a-z]}, {@code \} escapes) plus {@code **} for any number of directories. A path is
 * excluded when the last pattern that matches it or one of its parent directories is not an exception.
 */
public final class DockerIgnore {
    /** One rule. */
    public record Rule(String pattern, boolean exception, Pattern regex) {}

    public static final DockerIgnore NONE = new DockerIgnore(List.of());

    private final List<Rule> rules;

    private DockerIgnore(List<Rule> rules) {
        this.rules = List.copyOf(rules);
    }

    public static DockerIgnore parse(String text) {
        List<Rule> rules = new ArrayList<>();
        for (String raw : text.split("\n", -1)) {
            String line = raw.strip();
            if (line.startsWith("#") || line.isEmpty()) {
                continue;
            }
            boolean exception = line.startsWith("!");
            String pattern = exception ? line.substring(1).strip() : line;
            if (pattern.isEmpty()) {
                throw BerthException.invalid("illegal exclusion pattern: \"!\"");
            }
            pattern = clean(pattern);
            if (pattern.length() > 1 && pattern.startsWith("/")) {
                pattern = pattern.substring(1);
            }
            rules.add(new Rule(pattern, exception, compile(pattern)));
        }
        return new DockerIgnore(rules);
    }

    public List<Rule> rules() {
        return rules;
    }

    /** Whether {@code path} (relative to the context, {@code /}-separated) is left out of the context. */
    public boolean excludes(String path) {
        String file = clean(path);
        List<String> parents = new ArrayList<>();
        int slash = -1;
        while ((slash = file.indexOf('/', slash + 1)) >= 0) {
            parents.add(file.substring(0, slash));
        }
        boolean matched = false;
        for (Rule rule : rules) {
            if (rule.exception() != matched) {
                continue;
            }
            boolean match = rule.regex().matcher(file).matches();
            for (int i = 0; !match && i < parents.size(); i++) {
                match = rule.regex().matcher(parents.get(i)).matches();
            }
            if (match) {
                matched = !rule.exception();
            }
        }
        return matched;
    }

    /** Whether some exception could re-include a path below excluded directory {@code dir}. */
    public boolean hasExceptions() {
        return rules.stream().anyMatch(Rule::exception);
    }

    /** Go's {@code filepath.Clean} for relative and absolute slash paths. */
    public static String clean(String path) {
        boolean absolute = path.startsWith("/");
        List<String> out = new ArrayList<>();
        for (String part : path.split("/")) {
            if (part.isEmpty() || part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                if (!out.isEmpty() && !out.getLast().equals("..")) {
                    out.removeLast();
                } else if (!absolute) {
                    out.add("..");
                }
                continue;
            }
            out.add(part);
        }
        String joined = String.join("/", out);
        if (absolute) {
            return "/" + joined;
        }
        return joined.isEmpty() ? "." : joined;
    }

    /** moby's pattern-to-regexp translation. */
    static Pattern compile(String pattern) {
        StringBuilder re = new StringBuilder("^");
        int n = pattern.length();
        for (int i = 0; i < n; i++) {
            char ch = pattern.charAt(i);
            if (ch == '*') {
                if (i + 1 < n && pattern.charAt(i + 1) == '*') {
                    i++;
                    if (i + 1 < n && pattern.charAt(i + 1) == '/') {
                        i++;
                    }
                    re.append(i + 1 >= n ? ".*" : "(.*/)?");
                } else {
                    re.append("[^/]*");
                }
            } else if (ch == '?') {
                re.append("[^/]");
            } else if (".+()|{}$".indexOf(ch) >= 0) {
                re.append('\\').append(ch);
            } else if (ch == '\\') {
                if (i + 1 < n) {
                    re.append('\\').append(pattern.charAt(++i));
                } else {
                    re.append("\\\\");
                }
            } else if (ch == '[' && i + 1 < n && pattern.charAt(i + 1) == '^') {
                re.append("[^");
                i++;
            } else {
                re.append(ch);
            }
        }
        re.append('$');
        try {
            return Pattern.compile(re.toString(), Pattern.DOTALL);
        } catch (PatternSyntaxException e) {
            throw BerthException.invalid("syntax error in pattern: " + pattern);
        }
    }
}
