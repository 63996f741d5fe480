package dev.berth.cli.output;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.cli.output.Template.Command;
import dev.berth.cli.output.Template.Operand;
import dev.berth.cli.output.Template.Pipeline;
import dev.berth.cli.output.Template.TemplateNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Parses {@link Template} text into nodes. */
final class TemplateParser {
    private final String text;
    private int pos;
    private boolean trimNextText;

    TemplateParser(String text) {
        this.text = text;
    }

    List<TemplateNode> parse() {
        List<TemplateNode> nodes = new ArrayList<>();
        String end = block(nodes);
        if (!end.isEmpty()) {
            throw Template.error("unexpected {{" + end + "}}");
        }
        return nodes;
    }

    /** Parses nodes until {@code else}, {@code end} or the end of text; returns which ended it ("" at the end). */
    private String block(List<TemplateNode> nodes) {
        while (pos < text.length()) {
            int open = text.indexOf("{{", pos);
            String literal = text.substring(pos, open < 0 ? text.length() : open);
            boolean trimLeft = open >= 0 && text.startsWith("{{-", open) && open + 3 < text.length()
                    && Character.isWhitespace(text.charAt(open + 3));
            if (trimNextText) {
                literal = literal.stripLeading();
                trimNextText = false;
            }
            if (trimLeft) {
                literal = literal.stripTrailing();
            }
            if (!literal.isEmpty()) {
                nodes.add(new TemplateNode.Text(literal));
            }
            if (open < 0) {
                pos = text.length();
                break;
            }
            int close = text.indexOf("}}", open);
            if (close < 0) {
                throw Template.error(":1: unclosed action");
            }
            String action = text.substring(open + (trimLeft ? 3 : 2), close);
            if (action.endsWith(" -") || action.equals("-")) {
                action = action.substring(0, action.length() - 1);
                trimNextText = true;
            }
            pos = close + 2;
            action = action.strip();
            String keyword = action.split("\\s+", 2)[0];
            switch (keyword) {
                case "end", "else" -> {
                    return keyword;
                }
                case "range", "if" -> nodes.add(control(keyword, action.substring(keyword.length()).strip()));
                default -> nodes.add(new TemplateNode.Action(pipeline(action)));
            }
        }
        return "";
    }

    private TemplateNode control(String keyword, String pipelineText) {
        Pipeline pipeline = pipeline(pipelineText);
        List<TemplateNode> body = new ArrayList<>();
        List<TemplateNode> otherwise = new ArrayList<>();
        String end = block(body);
        if (end.equals("else")) {
            end = block(otherwise);
        }
        if (!end.equals("end")) {
            throw Template.error(":1: unexpected EOF");
        }
        return keyword.equals("range") ? new TemplateNode.Range(pipeline, body, otherwise)
                : new TemplateNode.If(pipeline, body, otherwise);
    }

    static Pipeline pipeline(String text) {
        List<String> tokens = tokens(text);
        if (tokens.isEmpty()) {
            throw Template.error(":1: missing value for command");
        }
        List<Command> commands = new ArrayList<>();
        int i = 0;
        while (i < tokens.size()) {
            List<String> words = new ArrayList<>();
            while (i < tokens.size() && !tokens.get(i).equals("|")) {
                words.add(tokens.get(i++));
            }
            i++;
            commands.add(command(words));
        }
        return new Pipeline(commands);
    }

    private static Command command(List<String> words) {
        if (words.isEmpty()) {
            throw Template.error(":1: missing command in pipeline");
        }
        String first = words.getFirst();
        boolean isFunction = Character.isLetter(first.charAt(0)) && !first.equals("true") && !first.equals("false");
        List<Operand> args = new ArrayList<>();
        for (String w : isFunction ? words.subList(1, words.size()) : words) {
            args.add(operand(w));
        }
        if (!isFunction && args.size() > 1) {
            throw Template.error(":1: can't give argument to non-function " + first);
        }
        return new Command(isFunction ? first : "", args);
    }

    private static Operand operand(String word) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        if (word.startsWith("(")) {
            return new Operand.Nested(pipeline(word.substring(1, word.length() - 1)));
        }
        if (word.equals(".")) {
            return new Operand.Field(List.of());
        }
        if (word.startsWith(".")) {
            return new Operand.Field(Arrays.asList(word.substring(1).split("\\.")));
        }
        if (word.startsWith("\"") || word.startsWith("`")) {
            return new Operand.Literal(f.textNode(unquote(word)));
        }
        if (word.equals("true") || word.equals("false")) {
            return new Operand.Literal(f.booleanNode(Boolean.parseBoolean(word)));
        }
        try {
            return new Operand.Literal(f.numberNode(Long.parseLong(word)));
        } catch (NumberFormatException e) {
            throw Template.error(":1: function \"" + word + "\" not defined");
        }
    }

    private static String unquote(String word) {
        String body = word.substring(1, word.length() - 1);
        if (word.startsWith("`")) {
            return body;
        }
        StringBuilder s = new StringBuilder();
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char e = body.charAt(++i);
                s.append(switch (e) {
                    case 'n' -> '\n';
                    case 't' -> '\t';
                    case 'r' -> '\r';
                    default -> e;
                });
            } else {
                s.append(c);
            }
        }
        return s.toString();
    }

    /** Splits an action into words: quoted strings, parenthesised groups, {@code |}, and bare words. */
    private static List<String> tokens(String text) {
        List<String> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '|') {
                tokens.add("|");
                i++;
            } else if (c == '"' || c == '`') {
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c) {
                    j += c == '"' && text.charAt(j) == '\\' ? 2 : 1;
                }
                if (j >= text.length()) {
                    throw Template.error(":1: unterminated quoted string");
                }
                tokens.add(text.substring(i, j + 1));
                i = j + 1;
            } else if (c == '(') {
                int depth = 0;
                int j = i;
                for (; j < text.length(); j++) {
                    depth += text.charAt(j) == '(' ? 1 : text.charAt(j) == ')' ? -1 : 0;
                    if (depth == 0) {
                        break;
                    }
                }
                if (j >= text.length()) {
                    throw Template.error(":1: unclosed left paren");
                }
                tokens.add(text.substring(i, j + 1));
                i = j + 1;
            } else {
                int j = i;
                while (j < text.length() && !Character.isWhitespace(text.charAt(j)) && text.charAt(j) != '|') {
                    j++;
                }
                tokens.add(text.substring(i, j));
                i = j;
            }
        }
        return tokens;
    }
}
