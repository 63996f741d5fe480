package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import org.junit.jupiter.api.Test;

class ChangeTest {
    @Test
    void parse_roundTripsDockerDiffLines() {
        for (String line : new String[] {"A /etc/foo", "C /etc", "D /tmp/x y"}) {
            assertThat(Change.parse(line).toString()).isEqualTo(line);
        }
        assertThat(Change.parse("D /a").kind()).isEqualTo(Change.Kind.DELETED);
    }

    @Test
    void kind_apiCodesAreThoseOfTheEngineApi() {
        assertThat(Change.Kind.MODIFIED.apiCode()).isZero();
        assertThat(Change.Kind.ADDED.apiCode()).isEqualTo(1);
        assertThat(Change.Kind.DELETED.apiCode()).isEqualTo(2);
    }

    @Test
    void refusesMalformedLinesAndPaths() {
        for (String bad : new String[] {"", "A", "X /a", "A  /a", "A a", "A /", "A /a/"}) {
            assertThatThrownBy(() -> Change.parse(bad)).as(bad).isInstanceOf(BerthException.class);
        }
    }
}
