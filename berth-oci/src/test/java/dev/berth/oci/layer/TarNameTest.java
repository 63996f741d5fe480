package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class TarNameTest {

    @Test
    void parse_cleansLikeFilepathClean() {
        assertThat(TarName.parse("./usr//lib/../bin/sh").components()).containsExactly("usr", "bin", "sh");
        assertThat(TarName.parse("/etc/passwd").components()).containsExactly("etc", "passwd");
        assertThat(TarName.parse("dir/").components()).containsExactly("dir");
        assertThat(TarName.parse("./").isRoot()).isTrue();
        assertThat(TarName.parse("a/..").isRoot()).isTrue();
    }

    @Test
    void parse_refusesClimbingAboveTheRoot() {
        assertThatThrownBy(() -> TarName.parse("a/../../b")).isInstanceOf(BerthException.class)
                .hasMessage("path escapes root");
        assertThatThrownBy(() -> TarName.parse("/../etc")).hasMessage("path escapes root");
    }

    @Test
    void parse_refusesNulAndOverlongNames() {
        assertThatThrownBy(() -> TarName.parse("a\0b")).hasMessageContaining("NUL");
        assertThatThrownBy(() -> TarName.parse("x".repeat(256))).hasMessageContaining("255");
        assertThat(TarName.parse("x".repeat(255)).components()).hasSize(1);
    }

    @Property
    void parse_yieldsOnlyPlainComponents_orRefusesAnEscape(@ForAll("names") String raw) {
        TarName name;
        try {
            name = TarName.parse(raw);
        } catch (BerthException e) {
            assertThat(e.getMessage()).isEqualTo("path escapes root");
            assertThat(climbsAboveRoot(raw)).isTrue();
            return;
        }
        assertThat(climbsAboveRoot(raw)).isFalse();
        assertThat(name.components()).doesNotContain("", ".", "..");
        assertThat(TarName.parse(name.toString())).isEqualTo(name);
    }

    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("a", "b", "..", ".", "", "c.d", "..a", ".wh.x")
                .list().ofMaxSize(8)
                .map(parts -> String.join("/", parts));
    }

    private static boolean climbsAboveRoot(String raw) {
        Deque<String> stack = new ArrayDeque<>();
        for (String c : List.of(raw.split("/"))) {
            if (c.equals("..")) {
                if (stack.isEmpty()) {
                    return true;
                }
                stack.pop();
            } else if (!c.isEmpty() && !c.equals(".")) {
                stack.push(c);
            }
        }
        return false;
    }
}
