package dev.berth.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** JsonTrees reads and writes what Jackson's ObjectMapper does: the same trees, the same bytes, the same errors. */
class JsonTreesTest {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    @Property(tries = 300)
    void write_isJacksonsBytes(@ForAll("trees") JsonNode tree) throws IOException {
        assertThat(new String(JsonTrees.write(tree), StandardCharsets.UTF_8))
                .isEqualTo(new String(Json.MAPPER.writeValueAsBytes(tree), StandardCharsets.UTF_8));
    }

    @Property(tries = 300)
    void parse_isJacksonsTree(@ForAll("trees") JsonNode tree) throws IOException {
        byte[] bytes = Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(tree);
        JsonNode ours = JsonTrees.parse(bytes);
        JsonNode jackson = Json.MAPPER.readTree(bytes);
        assertThat(ours).isEqualTo(jackson);
        assertThat(nodeTypes(ours)).isEqualTo(nodeTypes(jackson));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-0", "-0.0", "2147483647", "2147483648", "-2147483648", "-2147483649",
            "9223372036854775807", "9223372036854775808", "-9223372036854775809", "123456789012345678901234567890",
            "1e5", "1E-5", "1.5e+300", "0.1", "[1,2.5,-3]", "{\"a\":1,\"a\":2}", "\"\\u00e9\\ud83d\\ude00\\/\"",
            "\"caf\u00e9 \u20ac \ud83d\ude00\"", " { \"Id\" : \"x\" , \"Warnings\" : [ ] } \n", "true", "null",
            "{\"StatusCode\":0,\"Error\":null}", "[[[[[]]]]]", "\"\\b\\f\\n\\r\\t\\\"\\\\\""})
    void parse_matchesJackson_onEdgeCases(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        JsonNode ours = JsonTrees.parse(bytes);
        JsonNode jackson = Json.MAPPER.readTree(bytes);
        assertThat(ours).isEqualTo(jackson);
        assertThat(nodeTypes(ours)).isEqualTo(nodeTypes(jackson));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{", "{\"a\":}", "[1,]", "01", "1.", "-", "truex", "nul", "NaN", "{\"a\" 1}", "[1 2]",
            "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "{} {}", "[1]]", "'single'", "\"tab\tinside\""})
    void parse_failsAsJackson_onMalformedInput(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Throwable jackson = catchIo(() -> Json.MAPPER.readTree(bytes));
        assertThat(jackson).isNotNull();
        assertThatThrownBy(() -> JsonTrees.parse(bytes)).isInstanceOf(jackson.getClass())
                .hasMessage(jackson.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void parse_answersAsJackson_withoutAValue(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        assertThat(JsonTrees.parse(bytes)).isEqualTo(Json.MAPPER.readTree(bytes));
    }

    @org.junit.jupiter.api.Test
    void parse_handsInvalidUtf8ToJackson() {
        byte[] bytes = {'"', (byte) 0xC3, '"'};
        Throwable jackson = catchIo(() -> Json.MAPPER.readTree(bytes));
        assertThat(jackson).isNotNull();
        assertThatThrownBy(() -> JsonTrees.parse(bytes)).hasMessage(jackson.getMessage());
    }

    @org.junit.jupiter.api.Test
    void parse_handsNestingPastJacksonsLimitToIt() {
        byte[] bytes = ("[".repeat(1001) + "]".repeat(1001)).getBytes(StandardCharsets.US_ASCII);
        Throwable jackson = catchIo(() -> Json.MAPPER.readTree(bytes));
        assertThat(jackson).isNotNull();
        assertThatThrownBy(() -> JsonTrees.parse(bytes)).hasMessage(jackson.getMessage());
    }

    @org.junit.jupiter.api.Test
    void write_leavesWhatItCannotWriteExactlyToJackson() throws IOException {
        ObjectNode node = NODES.objectNode();
        node.put("lone", "\ud800x");
        node.put("nan", Double.NaN);
        node.put("float", 1.5f);
        node.put("decimal", new java.math.BigDecimal("1.50"));
        node.put("binary", new byte[] {1, 2, 3});
        assertThat(JsonTrees.write(node)).isEqualTo(Json.MAPPER.writeValueAsBytes(node));
    }

    private interface IoCall {
        Object call() throws IOException;
    }

    private static Throwable catchIo(IoCall call) {
        try {
            call.call();
            return null;
        } catch (IOException | RuntimeException e) {
            return e;
        }
    }

    /** The node classes depth-first: IntNode and LongNode are equal when their values are, Jackson's are not. */
    private static List<String> nodeTypes(JsonNode node) {
        List<String> types = new java.util.ArrayList<>();
        collect(node, types);
        return types;
    }

    private static void collect(JsonNode node, List<String> types) {
        types.add(node.getClass().getSimpleName());
        node.forEach(child -> collect(child, types));
    }

    @Provide
    Arbitrary<JsonNode> trees() {
        return tree(3);
    }

    private static Arbitrary<JsonNode> tree(int depth) {
        Arbitrary<JsonNode> leaf = Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12).map(NODES::textNode),
                Arbitraries.strings().withChars("\"\\\n\r\t\b\f\u0000\u001f\u007f/\u00e9\u20ac").ofMaxLength(8)
                        .map(NODES::textNode),
                Arbitraries.integers().map(i -> (JsonNode) NODES.numberNode(i)),
                Arbitraries.longs().map(l -> (JsonNode) NODES.numberNode(l)),
                Arbitraries.bigIntegers().between(BigInteger.TWO.pow(64).negate(), BigInteger.TWO.pow(64))
                        .map(b -> (JsonNode) NODES.numberNode(b)),
                Arbitraries.doubles().map(d -> (JsonNode) NODES.numberNode(d)),
                Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b)),
                Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return leaf;
        }
        Arbitrary<JsonNode> child = tree(depth - 1);
        Arbitrary<JsonNode> array = child.list().ofMaxSize(4).map(items -> {
            var a = NODES.arrayNode();
            items.forEach(a::add);
            return a;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(Arbitraries.strings().ofMaxLength(6), child).ofMaxSize(4)
                .map(fields -> {
                    ObjectNode o = NODES.objectNode();
                    fields.forEach(o::set);
                    return o;
                });
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, leaf), net.jqwik.api.Tuple.of(1, array), net.jqwik.api.Tuple.of(1, object));
    }
}
