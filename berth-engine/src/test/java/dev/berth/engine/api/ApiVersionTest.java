package dev.berth.engine.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ApiVersionTest {
    @Test
    void negotiate_acceptsTheSupportedRange() {
        assertThat(ApiVersion.negotiate("1.24")).isEqualTo(ApiVersion.MIN);
        assertThat(ApiVersion.negotiate("1.50")).isEqualTo(ApiVersion.MAX);
        assertThat(ApiVersion.negotiate("1.41").lessThan("1.43")).isTrue();
        assertThat(ApiVersion.parse("1.9").compareTo(ApiVersion.parse("1.10"))).isNegative();
    }

    @Test
    void negotiate_refusesOldAndNew_withDockerdsWording() {
        assertThatThrownBy(() -> ApiVersion.negotiate("1.12")).hasMessage(
                "client version 1.12 is too old. Minimum supported API version is 1.24, please upgrade your client"
                        + " to a newer version");
        assertThatThrownBy(() -> ApiVersion.negotiate("1.51"))
                .hasMessage("client version 1.51 is too new. Maximum supported API version is 1.50");
    }
}
