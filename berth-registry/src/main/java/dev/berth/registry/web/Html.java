package dev.berth.registry.web;

/**
 * An HTML document written in order, where every text and attribute value is escaped: nothing that comes from a
 * client (repository names, tags, media types, annotations) can become markup.
 */
final class Html {
    private final StringBuilder out = new StringBuilder(8192);

    /** Opens {@code <tag class="cls">}; {@code cls} may be empty. */
    Html open(String tag, String cls) {
        out.append('<').append(tag);
        if (!cls.isEmpty()) {
            attr("class", cls);
        }
        out.append('>');
        return this;
    }

    /** Opens {@code <tag name="value" …>} with the given attribute pairs. */
    Html openWith(String tag, String... attributes) {
        out.append('<').append(tag);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            attr(attributes[i], attributes[i + 1]);
        }
        out.append('>');
        return this;
    }

    Html close(String tag) {
        out.append("</").append(tag).append('>');
        return this;
    }

    /** {@code <tag class="cls">text</tag>}. */
    Html element(String tag, String cls, String text) {
        return open(tag, cls).text(text).close(tag);
    }

    Html text(String text) {
        escape(text, out);
        return this;
    }

    /** Markup written by this program, never derived from input. */
    Html markup(String trusted) {
        out.append(trusted);
        return this;
    }

    private void attr(String name, String value) {
        out.append(' ').append(name).append("=\"");
        escape(value, out);
        out.append('"');
    }

    static String escape(String text) {
        StringBuilder b = new StringBuilder(text.length() + 16);
        escape(text, b);
        return b.toString();
    }

    private static void escape(String text, StringBuilder b) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
