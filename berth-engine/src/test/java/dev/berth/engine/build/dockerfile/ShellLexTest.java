package dev.berth.engine.build.dockerfile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.Chars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ShellLexTest {
    private static final Map<String, String> VARS = Map.of("A", "a", "EMPTY", "", "PATHY", "/usr/local/bin.tar.gz",
            "SP", "x y");
    private static final Function<String, Optional<String>> ENV = k -> Optional.ofNullable(VARS.get(k));
    private final ShellLex lex = new ShellLex('\\');

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "$A|a", "${A}|a", "x$A.y|xa.y", "$UNSET|~~", "${UNSET}z|z", "$|$", "$1x|x", "${A:-d}|a", "${EMPTY:-d}|d",
            "${UNSET:-d}|d", "${EMPTY-d}|~~", "${UNSET-d}|d", "${A:+alt}|alt", "${EMPTY:+alt}|~~",
            "${EMPTY+alt}|alt", "${UNSET+alt}|~~", "${UNSET:-$A}|a", "${UNSET:-${A}b}|ab", "'$A'|$A", "\"$A\"|a",
            "\\$A|$A", "\"\\$A\"|$A", "\"a\\nb\"|a\\nb", "\"q\\\"q\"|q\"q", "a\\ b|a b", "${PATHY#*/}|usr/local/bin.tar.gz",
            "${PATHY##*/}|bin.tar.gz", "${PATHY%.*}|/usr/local/bin.tar", "${PATHY%%.*}|/usr/local/bin",
            "${PATHY/local/opt}|/usr/opt/bin.tar.gz", "${SP}|x y", "'it''s'|its", "\"'\"|'",
    })
    void expands(String word, String expected) {
        assertThat(lex.processWord(word, ENV)).isEqualTo(expected);
    }

    @Test
    void words_splitAtUnquotedSpace_includingExpandedValues() {
        assertThat(lex.processWords("a \"b c\" $SP 'd e'", ENV)).containsExactly("a", "b c", "x", "y", "d e");
        assertThat(lex.processWords("  ", ENV)).isEmpty();
    }

    @Test
    void backtickEscape_leavesBackslashesAlone() {
        assertThat(new ShellLex('`').processWord("C:\\dir`$A", ENV)).isEqualTo("C:\\dir$A");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "${UNSET:?must be set}|UNSET: must be set", "${EMPTY:?}|EMPTY: is not allowed to be empty",
            "${UNSET?}|UNSET: is not allowed to be unset", "${A|syntax error: missing '}'",
            "${}|syntax error: bad substitution", "${A:=x}|unsupported modifier (=) in substitution",
            "'abc|unexpected end of statement while looking for matching single-quote",
            "\"abc|unexpected end of statement while looking for matching double-quote"})
    void errors(String word, String message) {
        assertThatThrownBy(() -> lex.processWord(word, ENV)).isInstanceOf(BerthException.class)
                .hasMessage(message);
    }

    @Property
    void singleQuoted_isLiteral(@ForAll @Chars({'$', '{', '}', '"', '\\', ' ', 'a', ':', '-'}) @CharRange(from = 'a',
            to = 'z') String text) {
        assertThat(lex.processWord("'" + text + "'", ENV)).isEqualTo(text);
    }

    @Property
    void escapedCharacters_areLiteral(@ForAll @Chars({'$', '{', '"', '\'', ' ', 'a', '\\'}) String text) {
        StringBuilder escaped = new StringBuilder();
        for (char c : text.toCharArray()) {
            escaped.append('\\').append(c);
        }
        assertThat(lex.processWord(escaped.toString(), ENV)).isEqualTo(text);
        assertThat(lex.processWords(escaped.toString(), ENV)).isEqualTo(text.isEmpty() ? List.of() : List.of(text));
    }
}
