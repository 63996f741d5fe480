package dev.berth.cli.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;

/**
 * The Engine API's small JSON documents (RFC 8259) read into, and written from, Jackson trees without Jackson's
 * {@code ObjectMapper} and parser: their class initialisation (date formats, locale data, {@code BigDecimal}
 * constants) cost a short-lived CLI more than the requests. The trees are the ones {@code Json.MAPPER} makes —
 * integers as int, long or big-integer nodes, other numbers as doubles, a repeated key's last value — and the bytes
 * the ones it writes. What this reader does not take (malformed input, nesting past Jackson's limit, no value at
 * all) goes to {@code Json.MAPPER}, so errors and edge cases read exactly as before.
 */
public final class JsonTrees {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /** Jackson's default maximum nesting depth ({@code StreamReadConstraints}). */
    private static final int MAX_DEPTH = 1000;
    /** Jackson's default maximum string length, in characters (or, here, at most that many bytes). */
    private static final int MAX_STRING = 20_000_000;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(StandardCharsets.US_ASCII);

    private JsonTrees() {}

    /** {@code bytes} as a tree, as {@code Json.MAPPER.readTree(bytes)} reads it. */
    public static JsonNode parse(byte[] bytes) throws IOException {
        Reader reader = new Reader(bytes);
        try {
            return reader.document();
        } catch (Unreadable e) {
            return Json.MAPPER.readTree(bytes);
        }
    }

    /** {@code node} compactly, byte for byte as {@code Json.MAPPER.writeValueAsBytes(node)} writes it. */
    public static byte[] write(JsonNode node) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try {
            value(node, out);
        } catch (Unreadable e) {
            try {
                return Json.MAPPER.writeValueAsBytes(node);
            } catch (IOException io) {
                throw new UncheckedIOException("write JSON", io);
            }
        }
        return out.toByteArray();
    }

    private static void value(JsonNode node, ByteArrayOutputStream out) {
        switch (node.getNodeType()) {
            case OBJECT -> {
                out.write('{');
                boolean first = true;
                for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    if (!first) {
                        out.write(',');
                    }
                    first = false;
                    string(e.getKey(), out);
                    out.write(':');
                    value(e.getValue(), out);
                }
                out.write('}');
            }
            case ARRAY -> {
                out.write('[');
                for (int i = 0; i < node.size(); i++) {
                    if (i > 0) {
                        out.write(',');
                    }
                    value(node.get(i), out);
                }
                out.write(']');
            }
            case STRING -> string(node.textValue(), out);
            case BOOLEAN -> out.writeBytes(node.booleanValue() ? TRUE : FALSE);
            case NULL -> out.writeBytes(NULL);
            case NUMBER -> number(node, out);
            default -> throw new Unreadable();
        }
    }

    private static final byte[] TRUE = {'t', 'r', 'u', 'e'};
    private static final byte[] FALSE = {'f', 'a', 'l', 's', 'e'};
    private static final byte[] NULL = {'n', 'u', 'l', 'l'};

    private static void number(JsonNode node, ByteArrayOutputStream out) {
        String text = switch (node.numberType()) {
            case INT -> Integer.toString(node.intValue());
            case LONG -> Long.toString(node.longValue());
            case BIG_INTEGER -> node.bigIntegerValue().toString();
            // Jackson writes non-finite doubles as strings unless configured otherwise: leave them to it
            case DOUBLE -> Double.isFinite(node.doubleValue()) ? Double.toString(node.doubleValue()) : null;
            default -> null;
        };
        if (text == null) {
            throw new Unreadable();
        }
        out.writeBytes(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** A string as Jackson escapes it: quote, backslash and control characters; the rest as UTF-8. */
    private static void string(String s, ByteArrayOutputStream out) {
        out.write('"');
        int plainFrom = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                // Jackson refuses a lone surrogate where String.getBytes would write '?': let it
                if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                    continue;
                }
                throw new Unreadable();
            }
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.writeBytes(s.substring(plainFrom, i).getBytes(StandardCharsets.UTF_8));
            plainFrom = i + 1;
            switch (c) {
                case '"' -> out.writeBytes(new byte[] {'\\', '"'});
                case '\\' -> out.writeBytes(new byte[] {'\\', '\\'});
                case '\n' -> out.writeBytes(new byte[] {'\\', 'n'});
                case '\r' -> out.writeBytes(new byte[] {'\\', 'r'});
                case '\t' -> out.writeBytes(new byte[] {'\\', 't'});
                case '\b' -> out.writeBytes(new byte[] {'\\', 'b'});
                case '\f' -> out.writeBytes(new byte[] {'\\', 'f'});
                default -> out.writeBytes(new byte[] {'\\', 'u', '0', '0', HEX[c >> 4], HEX[c & 0xF]});
            }
        }
        out.writeBytes(s.substring(plainFrom).getBytes(StandardCharsets.UTF_8));
        out.write('"');
    }

    /** Input this reader leaves to Jackson. */
    private static final class Unreadable extends RuntimeException {
        Unreadable() {
            super(null, null, false, false);
        }
    }

    /** A recursive-descent reader over the whole document. */
    private static final class Reader {
        private final byte[] in;
        private int pos;

        Reader(byte[] in) {
            this.in = in;
        }

        JsonNode document() {
            skipSpace();
            if (pos == in.length) {
                throw new Unreadable();
            }
            JsonNode node = value(0);
            skipSpace();
            if (pos != in.length) {
                throw new Unreadable();
            }
            return node;
        }

        private JsonNode value(int depth) {
            if (pos >= in.length) {
                throw new Unreadable();
            }
            return switch (in[pos]) {
                case '{' -> object(depth + 1);
                case '[' -> array(depth + 1);
                case '"' -> NODES.textNode(string());
                case 't' -> literal(TRUE, NODES.booleanNode(true));
                case 'f' -> literal(FALSE, NODES.booleanNode(false));
                case 'n' -> literal(NULL, NODES.nullNode());
                default -> number();
            };
        }

        private ObjectNode object(int depth) {
            if (depth > MAX_DEPTH) {
                throw new Unreadable();
            }
            ObjectNode node = NODES.objectNode();
            pos++;
            skipSpace();
            if (peek() == '}') {
                pos++;
                return node;
            }
            while (true) {
                skipSpace();
                if (peek() != '"') {
                    throw new Unreadable();
                }
                String key = string();
                skipSpace();
                expect(':');
                skipSpace();
                node.set(key, value(depth));
                skipSpace();
                byte b = next();
                if (b == '}') {
                    return node;
                }
                if (b != ',') {
                    throw new Unreadable();
                }
            }
        }

        private ArrayNode array(int depth) {
            if (depth > MAX_DEPTH) {
                throw new Unreadable();
            }
            ArrayNode node = NODES.arrayNode();
            pos++;
            skipSpace();
            if (peek() == ']') {
                pos++;
                return node;
            }
            while (true) {
                skipSpace();
                node.add(value(depth));
                skipSpace();
                byte b = next();
                if (b == ']') {
                    return node;
                }
                if (b != ',') {
                    throw new Unreadable();
                }
            }
        }

        private JsonNode literal(byte[] word, JsonNode node) {
            if (pos + word.length > in.length) {
                throw new Unreadable();
            }
            for (byte b : word) {
                if (in[pos++] != b) {
                    throw new Unreadable();
                }
            }
            // "truex" is one bad token to Jackson, not "true" then garbage
            if (pos < in.length && Character.isLetterOrDigit(in[pos])) {
                throw new Unreadable();
            }
            return node;
        }

        /** A number in RFC 8259's grammar; Jackson's node for it. */
        private JsonNode number() {
            int start = pos;
            boolean integral = true;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (isDigit(peek())) {
                while (isDigit(peek())) {
                    pos++;
                }
            } else {
                throw new Unreadable();
            }
            if (peek() == '.') {
                integral = false;
                pos++;
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                integral = false;
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                digits();
            }
            // past Jackson's number length limit, or glued to a letter: let Jackson say so
            if (pos - start > 1000 || pos < in.length && Character.isLetterOrDigit(in[pos])) {
                throw new Unreadable();
            }
            String text = new String(in, start, pos - start, StandardCharsets.US_ASCII);
            if (!integral) {
                return NODES.numberNode(Double.parseDouble(text));
            }
            int digits = text.length() - (text.charAt(0) == '-' ? 1 : 0);
            if (digits <= 9) {
                return NODES.numberNode(Integer.parseInt(text));
            }
            if (digits <= 18) {
                long v = Long.parseLong(text);
                return v == (int) v ? NODES.numberNode((int) v) : NODES.numberNode(v);
            }
            BigInteger big = new BigInteger(text);
            if (big.bitLength() <= 31) {
                return NODES.numberNode(big.intValue());
            }
            return big.bitLength() <= 63 ? NODES.numberNode(big.longValue()) : NODES.numberNode(big);
        }

        private void digits() {
            if (!isDigit(peek())) {
                throw new Unreadable();
            }
            while (isDigit(peek())) {
                pos++;
            }
        }

        private String string() {
            pos++;
            int start = pos;
            while (pos < in.length && in[pos] != '"' && in[pos] != '\\' && (in[pos] & 0xFF) >= 0x20) {
                pos++;
            }
            if (pos < in.length && in[pos] == '"') {
                if (pos - start > MAX_STRING) {
                    throw new Unreadable();
                }
                String s = utf8(start, pos);
                pos++;
                return s;
            }
            StringBuilder sb = new StringBuilder(utf8(start, pos));
            while (true) {
                if (pos >= in.length) {
                    throw new Unreadable();
                }
                int b = in[pos] & 0xFF;
                if (b == '"') {
                    pos++;
                    if (sb.length() > MAX_STRING) {
                        throw new Unreadable();
                    }
                    return sb.toString();
                }
                if (b < 0x20) {
                    throw new Unreadable();
                }
                if (b != '\\') {
                    int from = pos;
                    while (pos < in.length && in[pos] != '"' && in[pos] != '\\' && (in[pos] & 0xFF) >= 0x20) {
                        pos++;
                    }
                    sb.append(utf8(from, pos));
                    continue;
                }
                pos++;
                byte e = next();
                switch (e) {
                    case '"' -> sb.append('"');
                    case '\\' -> sb.append('\\');
                    case '/' -> sb.append('/');
                    case 'b' -> sb.append('\b');
                    case 'f' -> sb.append('\f');
                    case 'n' -> sb.append('\n');
                    case 'r' -> sb.append('\r');
                    case 't' -> sb.append('\t');
                    case 'u' -> sb.append(hex4());
                    default -> throw new Unreadable();
                }
            }
        }

        private char hex4() {
            if (pos + 4 > in.length) {
                throw new Unreadable();
            }
            int v = 0;
            for (int i = 0; i < 4; i++) {
                int d = Character.digit(in[pos++], 16);
                if (d < 0) {
                    throw new Unreadable();
                }
                v = v << 4 | d;
            }
            return (char) v;
        }

        /** Decodes strictly: malformed UTF-8 goes to Jackson, which reports it. */
        private String utf8(int from, int to) {
            for (int i = from; i < to; i++) {
                if (in[i] < 0) {
                    try {
                        return StandardCharsets.UTF_8.newDecoder()
                                .decode(java.nio.ByteBuffer.wrap(in, from, to - from)).toString();
                    } catch (java.nio.charset.CharacterCodingException e) {
                        throw new Unreadable();
                    }
                }
            }
            return new String(in, from, to - from, StandardCharsets.ISO_8859_1);
        }

        private void skipSpace() {
            while (pos < in.length && (in[pos] == ' ' || in[pos] == '\n' || in[pos] == '\r' || in[pos] == '\t')) {
                pos++;
            }
        }

        private int peek() {
            return pos < in.length ? in[pos] : -1;
        }

        private byte next() {
            if (pos >= in.length) {
                throw new Unreadable();
            }
            return in[pos++];
        }

        private void expect(char c) {
            if (next() != c) {
                throw new Unreadable();
            }
        }

        private static boolean isDigit(int b) {
            return b >= '0' && b <= '9';
        }
    }
}
