package dev.berth.oci.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hand-written grammar against a transcription of the upstream regular expressions. */
class ReferenceGrammarTest {
    private static final String DIGEST = "sha256:" + "f".repeat(64);
    private static final List<String> TOKENS =
            List.of("a", "B", "0", ".", "_", "-", ":", "/", "@", "[", "]", DIGEST);

    @Test
    void parse_agreesWithTheOracle_onEveryShortCombinationOfSignificantTokens() {
        List<String> inputs = new ArrayList<>(List.of(""));
        int checked = 0;
        for (int length = 1; length <= 5; length++) {
            List<String> longer = new ArrayList<>();
            for (String prefix : inputs) {
                for (String token : TOKENS) {
                    String input = prefix + token;
                    ReferencePropertiesTest.assertAgreesWithOracle(input);
                    longer.add(input);
                    checked++;
                }
            }
            inputs = longer;
        }
        assertThat(checked).isEqualTo(271_452);
    }

    static Stream<String> grammarEdges() {
        return Stream.of(
        "a___b", "a_.b", "a.-b", "a-_b", "a--b", "a---b", "a__b", "a..b", "a.b", "a-", "-a", "_a", "a_",
        "x.com/a___b", "x.com:/a", "x.com:1/a", "x.com:a/a", "x.com::1/a", "[]/a", "[]:5/a", "[]:/a", "[:]:5/a", "[::]/a", "[g::1]/a", "[::1]x/a",
        "[::1]:/a", "[::1]:12/a", "[::1]:12:3/a", "-x.com/a", "x-.com/a", "x..com/a", "x.com./a", ".x.com/a",
        "x-y.com/a", "x--y.com/a", "X.com/a", "a/b:_t", "a/b:t_", "a/b:-t", "a/b:t-.", "a/b:", "a/b@", "a/b@:f",
        "a/b@sha256:", "a/b@sha256", "a/b@sha+256:" + "f".repeat(32), "a/b@s-:" + "f".repeat(32),
        "a/b@1sha:" + "f".repeat(32), "a/b@sha256:" + "f".repeat(63), "a/b@sha256:" + "f".repeat(65),
        "a/b@sha256:" + "f".repeat(63) + "g", "a/b@sha256:" + "f".repeat(64) + "@" + DIGEST, "a/b:t:t",
        "a:b/c", "a:1/c:2", "localhost:/a", "localhost", "localhost/a", "LOCALHOST/a", "index.docker.io/a",
        "index.docker.io/library/a", "index.docker.io", "docker.io", "docker.io/", "/a", "a//b", "a/b/",
        "a\tb", "a\nb", "a/b\n", "é/a", "a/é", "a:é", "İ/a", "K.com/a", "K/a", "ǅ/a");
    }

    @ParameterizedTest
    @MethodSource("grammarEdges")
    void parse_agreesWithTheOracle_onGrammarEdges(String input) {
        ReferencePropertiesTest.assertAgreesWithOracle(input);
    }
}
