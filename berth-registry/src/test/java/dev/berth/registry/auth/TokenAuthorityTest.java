package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Json;
import dev.berth.registry.testing.MutableClock;
import dev.berth.registry.testing.OpensslCerts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenAuthorityTest {
    private static final List<Permission> PULL_PUSH = List.of(Permission.repository("team/app", "pull"),
            Permission.repository("team/app", "push"));
    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-29T02:00:00Z"));
    private final SigningKey key = SigningKey.ephemeral();
    private final TokenAuthority authority = new TokenAuthority(key, "issuer", "registry", Duration.ofMinutes(5),
            clock);

    @TempDir
    Path dir;

    @Test
    void issuedToken_verifies_andCarriesTheAccessClaims() {
        TokenAuthority.IssuedToken issued = authority.issue(Optional.of("alice"), PULL_PUSH);
        TokenClaims claims = authority.verify(issued.token());
        assertThat(claims.user()).contains("alice");
        assertThat(claims.audience()).isEqualTo("registry");
        assertThat(claims.expiresAt()).isEqualTo(clock.instant().plus(Duration.ofMinutes(5)));
        assertThat(claims.grants(Permission.repository("team/app", "push"))).isTrue();
        assertThat(claims.grants(Permission.repository("team/app", "delete"))).isFalse();
        assertThat(claims.grants(Permission.repository("team/other", "pull"))).isFalse();
        ObjectNode header = Json.object(part(issued.token(), 0), "header");
        assertThat(header.get("alg").asText()).isEqualTo("ES256");
        assertThat(header.get("kid").asText()).matches("([A-Z2-7]{4}:){11}[A-Z2-7]{4}");
        ObjectNode payload = Json.object(part(issued.token(), 1), "claims");
        assertThat(payload.get("access").toString())
                .isEqualTo("[{\"type\":\"repository\",\"name\":\"team/app\",\"actions\":[\"pull\",\"push\"]}]");
    }

    @Test
    void expiredToken_isRefused_afterTheLeeway() {
        String token = authority.issue(Optional.of("alice"), PULL_PUSH).token();
        clock.advance(Duration.ofMinutes(5).plus(TokenAuthority.LEEWAY).minusSeconds(1));
        assertThat(authority.verify(token).subject()).isEqualTo("alice");
        clock.advance(Duration.ofSeconds(2));
        assertInvalid(token, "expired");
    }

    @Test
    void tokenFromTheFuture_isRefused() {
        MutableClock ahead = new MutableClock(clock.instant().plus(Duration.ofHours(1)));
        String token = new TokenAuthority(key, "issuer", "registry", Duration.ofHours(2), ahead)
                .issue(Optional.empty(), List.of()).token();
        assertInvalid(token, "not valid before");
    }

    @Test
    void forgedToken_signedByAnotherKeyUnderOurKeyId_isRefused() {
        SigningKey other = SigningKey.ephemeral();
        SigningKey impostor = new SigningKey("ES256", other.privateKey(), other.publicKey(), key.keyId(), List.of());
        String forged = new TokenAuthority(impostor, "issuer", "registry", Duration.ofMinutes(5), clock)
                .issue(Optional.of("alice"), PULL_PUSH).token();
        assertInvalid(forged, "signature does not verify");
        String unknownKid = new TokenAuthority(other, "issuer", "registry", Duration.ofMinutes(5), clock)
                .issue(Optional.of("alice"), PULL_PUSH).token();
        assertInvalid(unknownKid, "unknown key");
    }

    @Test
    void tamperedClaims_breakTheSignature() {
        String token = authority.issue(Optional.of("alice"), List.of(Permission.repository("team/app", "pull"))).token();
        String[] parts = token.split("\\.");
        String claims = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"pull\"", "\"pull\",\"push\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(claims.getBytes(StandardCharsets.UTF_8)) + "." + parts[2];
        assertInvalid(tampered, "signature");
    }

    @Test
    void unsignedOrMalformedTokens_areRefused() {
        String token = authority.issue(Optional.of("alice"), PULL_PUSH).token();
        String[] parts = token.split("\\.");
        String none = Base64.getUrlEncoder().withoutPadding()
                .encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        assertInvalid(none + "." + parts[1] + ".", "signed with none");
        assertInvalid("garbage", "malformed");
        assertInvalid("a.b.c", "malformed");
        assertInvalid(parts[0] + "." + parts[1] + "." + parts[2].substring(4), "signature");
    }

    @Test
    void tokenForAnotherRegistryOrIssuer_isRefused() {
        String otherAudience = new TokenAuthority(key, "issuer", "elsewhere", Duration.ofMinutes(5), clock)
                .issue(Optional.of("alice"), PULL_PUSH).token();
        assertInvalid(otherAudience, "meant for elsewhere");
        String otherIssuer = new TokenAuthority(key, "mallory", "registry", Duration.ofMinutes(5), clock)
                .issue(Optional.of("alice"), PULL_PUSH).token();
        assertInvalid(otherIssuer, "issued by mallory");
    }

    @Test
    void configuredKey_putsTheCertificateChainIntoX5c_forEcAndRsa() throws Exception {
        for (OpensslCerts.KeyPair pair : List.of(OpensslCerts.ec(dir, "es"), OpensslCerts.rsa(dir, "rs"))) {
            SigningKey loaded = SigningKey.load(pair.key(), pair.certificate());
            TokenAuthority withCert = new TokenAuthority(loaded, "issuer", "registry", Duration.ofMinutes(5), clock);
            String token = withCert.issue(Optional.of("alice"), PULL_PUSH).token();
            ObjectNode header = Json.object(part(token, 0), "header");
            assertThat(header.get("x5c")).hasSize(1);
            assertThat(header.get("alg").asText()).isEqualTo(loaded.algorithm());
            assertThat(withCert.verify(token).user()).contains("alice");
            assertThatThrownBy(() -> authority.verify(token)).isInstanceOf(BerthException.class);
        }
        assertThat(SigningKey.load(dir.resolve("rs.key"), dir.resolve("rs.crt")).algorithm()).isEqualTo("RS256");
    }

    @Test
    void load_refusesAKeyThatDoesNotBelongToTheCertificate() throws Exception {
        OpensslCerts.KeyPair a = OpensslCerts.ec(dir, "a");
        OpensslCerts.KeyPair b = OpensslCerts.ec(dir, "b");
        assertThatThrownBy(() -> SigningKey.load(a.key(), b.certificate())).isInstanceOf(BerthException.class)
                .hasMessageContaining("does not belong");
    }

    private void assertInvalid(String token, String reason) {
        assertThatThrownBy(() -> authority.verify(token)).isInstanceOf(BerthException.class)
                .hasMessageContaining(reason)
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.UNAUTHORIZED);
    }

    private static byte[] part(String token, int i) {
        return Base64.getUrlDecoder().decode(token.split("\\.")[i]);
    }
}
