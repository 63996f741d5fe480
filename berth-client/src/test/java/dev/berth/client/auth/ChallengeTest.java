package dev.berth.client.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChallengeTest {
    @Test
    void dockerHubBearerChallenge() {
        assertThat(Challenge.parse("Bearer realm=\"https://auth.docker.io/token\",service=\"registry.docker.io\","
                + "scope=\"repository:library/busybox:pull\""))
                .containsExactly(new Challenge("bearer", Map.of("realm", "https://auth.docker.io/token",
                        "service", "registry.docker.io", "scope", "repository:library/busybox:pull")));
    }

    @Test
    void severalChallenges_tokenValues_escapes_andCase() {
        List<Challenge> all = Challenge.parse("Basic realm=\"a \\\"b\\\"\", charset=UTF-8, BEARER Realm=x");
        assertThat(all).containsExactly(new Challenge("basic", Map.of("realm", "a \"b\"", "charset", "UTF-8")),
                new Challenge("bearer", Map.of("realm", "x")));
        assertThat(all.get(1).param("REALM")).hasValue("x");
    }

    @Test
    void schemeAlone() {
        assertThat(Challenge.parse("Basic")).containsExactly(new Challenge("basic", Map.of()));
    }

    @Test
    void unterminatedQuote_isRefused() {
        assertThatThrownBy(() -> Challenge.parse("Bearer realm=\"https://x"))
                .isInstanceOf(BerthException.class).hasMessageContaining("malformed WWW-Authenticate");
    }
}
