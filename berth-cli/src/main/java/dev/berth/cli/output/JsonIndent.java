package dev.berth.cli.output;

/**
 * Re-indents JSON text as Go's {@code json.Indent} does (what {@code docker inspect} prints): tokens kept verbatim
 * (key order, number text, string escapes), one element per line, empty objects and arrays as {@code {}} and
 * {@code []}.
 */
public final class JsonIndent {
    private JsonIndent() {}

    public static String indent(String json, String indent) {
        StringBuilder out = new StringBuilder(json.length() * 2);
        int depth = 0;
        boolean needIndent = false;
        for (int i = 0; i < json.length(); i++) {
            char c = json.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                continue;
            }
            if (needIndent && c != ']' && c != '}') {
                needIndent = false;
                depth++;
                newline(out, indent, depth);
            }
            switch (c) {
                case '"' -> i = copyString(json, i, out);
                case '{', '[' -> {
                    out.append(c);
                    needIndent = true;
                }
                case ',' -> {
                    out.append(c);
                    newline(out, indent, depth);
                }
                case ':' -> out.append(": ");
                case '}', ']' -> {
                    if (needIndent) {
                        needIndent = false;
                    } else {
                        depth--;
                        newline(out, indent, depth);
                    }
                    out.append(c);
                }
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    /** Copies the string starting at {@code start} (a quote) and returns the index of its closing quote. */
    private static int copyString(String json, int start, StringBuilder out) {
        int i = start + 1;
        while (i < json.length() && json.charAt(i) != '"') {
            i += json.charAt(i) == '\\' ? 2 : 1;
        }
        int end = Math.min(i, json.length() - 1);
        out.append(json, start, end + 1);
        return end;
    }

    private static void newline(StringBuilder out, String indent, int depth) {
        out.append('\n').append(indent.repeat(depth));
    }
}
