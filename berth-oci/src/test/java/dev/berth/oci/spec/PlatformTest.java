package dev.berth.oci.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class PlatformTest {
    @ParameterizedTest
    @CsvSource({
        "linux/x86_64, linux/amd64",
        "linux/x86-64, linux/amd64",
        "linux/amd64/v1, linux/amd64",
        "linux/amd64/v3, linux/amd64/v3",
        "linux/aarch64, linux/arm64/v8",
        "linux/arm64, linux/arm64/v8",
        "linux/arm64/8, linux/arm64/v8",
        "linux/armhf, linux/arm/v7",
        "linux/armel, linux/arm/v6",
        "linux/arm, linux/arm/v7",
        "linux/arm/7, linux/arm/v7",
        "linux/i386, linux/386",
        "LINUX/AMD64, linux/amd64",
        "arm64, linux/arm64/v8",
        "windows/amd64, windows/amd64",
        "linux/s390x, linux/s390x"
    })
    void parse_normalisesLikeContainerd(String text, String expected) {
        assertThat(Platform.parse(text)).hasToString(expected);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "linux/", "/amd64", "linux/amd64/v8/x", "linux//v7"})
    void parse_refusesMalformed(String text) {
        assertThatThrownBy(() -> Platform.parse(text)).isInstanceOf(BerthException.class).hasMessageContaining("platform");
    }

    @Test
    void host_isNormalised() {
        Platform host = Platform.host();
        assertThat(host.os()).isEqualTo("linux");
        assertThat(host.architecture()).isIn("amd64", "arm64");
    }

    @ParameterizedTest
    @CsvSource({
        "linux/arm/v7, linux/arm/v6, true",
        "linux/arm/v7, linux/arm/v5, true",
        "linux/arm/v6, linux/arm/v7, false",
        "linux/arm64, linux/arm64/v8, true",
        "linux/arm64, linux/arm/v7, false",
        "linux/amd64, linux/amd64/v1, true",
        "linux/amd64, linux/amd64/v2, false",
        "linux/amd64/v3, linux/amd64, true",
        "linux/amd64, windows/amd64, false",
        "linux/amd64, linux/arm64, false"
    })
    void matcher_acceptsOlderVariantsOnly(String host, String candidate, boolean matches) {
        assertThat(PlatformMatcher.only(Platform.parse(host)).matches(Platform.parse(candidate))).isEqualTo(matches);
    }

    @Test
    void json_keepsOsVersionAndFeatures() {
        Platform p = Platform.fromJson(Json.object(
                "{\"architecture\":\"amd64\",\"os\":\"windows\",\"os.version\":\"10.0.17763.1\",\"os.features\":[\"win32k\"]}"
                        .getBytes(), "platform"));
        assertThat(p.osVersion()).contains("10.0.17763.1");
        assertThat(p.osFeatures()).containsExactly("win32k");
        assertThat(Platform.fromJson(p.toJson())).isEqualTo(p);
    }
}
