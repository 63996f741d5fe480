package dev.berth.engine.build.dockerfile;

import dev.berth.oci.error.BerthException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Docker's word expansion for Dockerfile arguments (buildkit's {@code frontend/dockerfile/shell/lex.go}): quotes
 * removed, the escape token taking the next character literally, and variables expanded from the build environment:
 * <pre>
 *   $NAME  ${NAME}            value, or "" when unset
 *   ${NAME:-word} ${NAME-word} word when NAME is empty or unset / unset only
 *   ${NAME:+word} ${NAME+word} word when NAME is non-empty / set
 *   ${NAME:?msg}  ${NAME?msg}  error "NAME: msg" when NAME is empty or unset / unset
 *   ${NAME#p} ${NAME##p} ${NAME%p} ${NAME%%p}   shortest/longest prefix/suffix glob removed
 *   ${NAME/p/r} ${NAME//p/r}   first/every glob match replaced
 * </pre>
 * Inside single quotes nothing is special; inside double quotes only {@code $} and the escape token before
 * {@code "}, {@code $} or itself. Unlike a shell, the result of an expansion is not split into words by
 * {@link #processWord}; {@link #processWords} splits at unquoted white space, expansions included.
 */
public final class ShellLex {
    private final char escape;

    public ShellLex(char escape) {
        this.escape = escape;
    }

    /** Expands {@code word} as one word, white space kept. */
    public String processWord(String word, Function<String, Optional<String>> env) {
        return new Scan(word, env, false).run().getFirst();
    }

    /**
     * Expands the variables of a here-document's content: quotes are text there, and the escape token only keeps a
     * {@code $} from expanding.
     */
    public String processHeredoc(String content, Function<String, Optional<String>> env) {
        StringBuilder out = new StringBuilder();
        Scan scan = new Scan(content, env, false);
        while (scan.peek() != -1) {
            int ch = scan.peek();
            if (ch == escape && scan.pos + 1 < content.length() && content.charAt(scan.pos + 1) == '$') {
                scan.next();
                out.append((char) scan.next());
            } else if (ch == '$') {
                out.append(scan.dollar());
            } else {
                out.append((char) scan.next());
            }
        }
        return out.toString();
    }

    /** Expands {@code line} and splits it into words at unquoted white space. */
    public List<String> processWords(String line, Function<String, Optional<String>> env) {
        return new Scan(line, env, true).run();
    }

    private final class Scan {
        private final String in;
        private final Function<String, Optional<String>> env;
        private final boolean split;
        private int pos;
        private final List<String> words = new ArrayList<>();
        private final StringBuilder word = new StringBuilder();
        private boolean inWord;

        Scan(String in, Function<String, Optional<String>> env, boolean split) {
            this.in = in;
            this.env = env;
            this.split = split;
        }

        List<String> run() {
            String all = processStopOn(-1, true);
            if (!split) {
                return List.of(all);
            }
            if (inWord || !word.isEmpty()) {
                words.add(word.toString());
            }
            return words;
        }

        private int peek() {
            return pos < in.length() ? in.charAt(pos) : -1;
        }

        private int next() {
            return pos < in.length() ? in.charAt(pos++) : -1;
        }

        /** Word splitting: white space outside quotes ends a word, quoted text never does. */
        private void addChar(char ch, boolean top) {
            if (!top || !split) {
                return;
            }
            if (Character.isWhitespace(ch)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                addRaw(String.valueOf(ch), true);
            }
        }

        private void addRaw(String s, boolean top) {
            if (top && split) {
                word.append(s);
                inWord = true;
            }
        }

        private String processStopOn(int stop, boolean top) {
            StringBuilder result = new StringBuilder();
            while (peek() != -1) {
                int ch = peek();
                if (ch == stop) {
                    next();
                    return result.toString();
                }
                if (ch == '\'') {
                    String s = singleQuoted();
                    result.append(s);
                    addRaw(s, top);
                } else if (ch == '"') {
                    String s = doubleQuoted();
                    result.append(s);
                    addRaw(s, top);
                } else if (ch == '$') {
                    String s = dollar();
                    result.append(s);
                    for (char c : s.toCharArray()) {
                        addChar(c, top);
                    }
                } else {
                    next();
                    if (ch == escape) {
                        int escaped = next();
                        if (escaped == -1) {
                            break;
                        }
                        result.append((char) escaped);
                        addRaw(String.valueOf((char) escaped), top);
                    } else {
                        result.append((char) ch);
                        addChar((char) ch, top);
                    }
                }
            }
            if (stop != -1) {
                throw BerthException.invalid("syntax error: missing '}'");
            }
            return result.toString();
        }

        private String singleQuoted() {
            next();
            StringBuilder s = new StringBuilder();
            while (true) {
                int ch = next();
                if (ch == -1) {
                    throw BerthException.invalid("unexpected end of statement while looking for matching single-quote");
                }
                if (ch == '\'') {
                    return s.toString();
                }
                s.append((char) ch);
            }
        }

        private String doubleQuoted() {
            next();
            StringBuilder s = new StringBuilder();
            while (true) {
                int ch = peek();
                if (ch == -1) {
                    throw BerthException.invalid("unexpected end of statement while looking for matching double-quote");
                }
                if (ch == '"') {
                    next();
                    return s.toString();
                }
                if (ch == '$') {
                    s.append(dollar());
                    continue;
                }
                next();
                if (ch == escape) {
                    int following = peek();
                    if (following == -1) {
                        continue;
                    }
                    if (following == '"' || following == '$' || following == escape) {
                        ch = next();
                    }
                }
                s.append((char) ch);
            }
        }

        private String dollar() {
            next();
            if (peek() != '{') {
                String name = name();
                return name.isEmpty() ? "$" : env.apply(name).orElse("");
            }
            next();
            int first = peek();
            if (first == -1) {
                throw BerthException.invalid("syntax error: missing '}'");
            }
            if (first == '{' || first == '}' || first == ':') {
                throw BerthException.invalid("syntax error: bad substitution");
            }
            String name = name();
            int ch = next();
            Optional<String> value = env.apply(name);
            return switch (ch) {
                case '}' -> value.orElse("");
                case ':' -> colonModifier(name, value);
                case '-' -> {
                    String word = processStopOn('}', false);
                    yield value.orElse(word);
                }
                case '+' -> {
                    String word = processStopOn('}', false);
                    yield value.isPresent() ? word : "";
                }
                case '?' -> {
                    String word = processStopOn('}', false);
                    yield value.orElseThrow(() -> BerthException.invalid(name + ": "
                            + (word.isEmpty() ? "is not allowed to be unset" : word)));
                }
                case '#', '%' -> trim(value.orElse(""), (char) ch);
                case '/' -> replace(value.orElse(""));
                case -1 -> throw BerthException.invalid("syntax error: missing '}'");
                default -> throw BerthException.invalid("unsupported modifier (" + (char) ch + ") in substitution");
            };
        }

        private String colonModifier(String name, Optional<String> value) {
            int modifier = next();
            String word = processStopOn('}', false);
            String v = value.orElse("");
            return switch (modifier) {
                case '+' -> v.isEmpty() ? "" : word;
                case '-' -> v.isEmpty() ? word : v;
                case '?' -> {
                    if (value.isEmpty()) {
                        throw BerthException.invalid(name + ": " + (word.isEmpty() ? "is not allowed to be unset" : word));
                    }
                    if (v.isEmpty()) {
                        throw BerthException.invalid(name + ": " + (word.isEmpty() ? "is not allowed to be empty" : word));
                    }
                    yield v;
                }
                default -> throw BerthException.invalid("unsupported modifier (" + (char) modifier
                        + ") in substitution");
            };
        }

        private String trim(String value, char kind) {
            boolean longest = peek() == kind;
            if (longest) {
                next();
            }
            String pattern = processStopOn('}', false);
            if (kind == '#') {
                for (int i = 0; i <= value.length(); i++) {
                    int end = longest ? value.length() - i : i;
                    if (Glob.matches(pattern, value.substring(0, end))) {
                        return value.substring(end);
                    }
                }
            } else {
                for (int i = 0; i <= value.length(); i++) {
                    int start = longest ? i : value.length() - i;
                    if (Glob.matches(pattern, value.substring(start))) {
                        return value.substring(0, start);
                    }
                }
            }
            return value;
        }

        private String replace(String value) {
            boolean all = peek() == '/';
            if (all) {
                next();
            }
            String pattern = processStopOn('/', false);
            String replacement = processStopOn('}', false);
            StringBuilder out = new StringBuilder();
            int i = 0;
            boolean replaced = false;
            while (i < value.length()) {
                int matchEnd = -1;
                if (!replaced || all) {
                    for (int end = value.length(); end > i; end--) {
                        if (Glob.matches(pattern, value.substring(i, end))) {
                            matchEnd = end;
                            break;
                        }
                    }
                }
                if (matchEnd > 0) {
                    out.append(replacement);
                    i = matchEnd;
                    replaced = true;
                } else {
                    out.append(value.charAt(i++));
                }
            }
            return out.toString();
        }

        /** A variable name: letters, digits and {@code _}; or a run of digits; or one special parameter. */
        private String name() {
            StringBuilder name = new StringBuilder();
            while (peek() != -1) {
                char ch = (char) peek();
                if (name.isEmpty() && Character.isDigit(ch)) {
                    while (peek() != -1 && Character.isDigit((char) peek())) {
                        name.append((char) next());
                    }
                    return name.toString();
                }
                if (name.isEmpty() && "@*#?-$!0".indexOf(ch) >= 0) {
                    next();
                    return String.valueOf(ch);
                }
                if (!Character.isLetterOrDigit(ch) && ch != '_') {
                    break;
                }
                name.append((char) next());
            }
            return name.toString();
        }
    }
}
