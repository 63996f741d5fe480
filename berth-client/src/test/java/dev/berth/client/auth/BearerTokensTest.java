package dev.berth.client.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.testing.TokenServer;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Token caching per scope and renewal on expiry, against the test token server; time is a settable clock. */
class BearerTokensTest {
    @TempDir
    Path tmp;

    /** A clock the test moves. */
    static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void tokensAreCachedPerScope_andRenewedOnceExpired() throws Exception {
        try (TokenServer server = new TokenServer(tmp, "u", "p");
                HttpClient http = HttpClient.newHttpClient()) {
            server.expiresIn(120);
            MovableClock clock = new MovableClock();
            BearerTokens tokens = new BearerTokens(http, clock);
            Challenge c = new Challenge("bearer", Map.of("realm", server.realm(), "service", TokenServer.SERVICE));
            List<Scope> a = List.of(Scope.pull("lib/a"));

            String first = tokens.token(c, a, Optional.empty());
            assertThat(tokens.token(c, a, Optional.empty())).isEqualTo(first);
            tokens.token(c, List.of(Scope.pull("lib/b")), Optional.empty());
            tokens.token(c, a, Optional.of(Credentials.of("u", "p")));
            assertThat(server.requests()).hasSize(3);

            clock.now = clock.now.plus(Duration.ofSeconds(100));
            tokens.token(c, a, Optional.empty());
            assertThat(server.requests()).hasSize(3);
            clock.now = clock.now.plus(Duration.ofSeconds(15));
            tokens.token(c, a, Optional.empty());
            assertThat(server.requests()).hasSize(4);

            tokens.invalidate(c, a, Optional.empty());
            tokens.token(c, a, Optional.empty());
            assertThat(server.requests()).hasSize(5);

            // the same user with another password is another login: never served the right password's token
            org.assertj.core.api.Assertions.assertThatThrownBy(
                    () -> tokens.token(c, a, Optional.of(Credentials.of("u", "wrong"))))
                    .isInstanceOf(dev.berth.oci.error.BerthException.class);
        }
    }

    @Test
    void identityToken_isExchangedWithTheOAuthForm_asTheUser() throws Exception {
        try (TokenServer server = new TokenServer(tmp, "u", "p");
                HttpClient http = HttpClient.newHttpClient()) {
            BearerTokens tokens = new BearerTokens(http, Clock.systemUTC());
            Challenge c = new Challenge("bearer", Map.of("realm", server.realm(), "service", TokenServer.SERVICE));
            tokens.token(c, List.of(Scope.pullPush("lib/a")),
                    Optional.of(new Credentials("", "", Optional.of(server.refreshToken()))));
            assertThat(server.requests()).containsExactly(
                    new TokenServer.Request(Optional.of("u"), List.of("repository:lib/a:pull,push")));
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> tokens.token(c, List.of(Scope.pull("lib/a")),
                    Optional.of(new Credentials("", "", Optional.of("stale")))))
                    .isInstanceOfSatisfying(dev.berth.oci.error.BerthException.class, e -> assertThat(e.kind())
                            .isEqualTo(dev.berth.oci.error.ErrorKind.UNAUTHORIZED));
        }
    }
}
