package dev.berth.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * Issues and verifies the registry's bearer tokens: JWS-signed JWTs (ES256 or RS256) with the token spec's access
 * claims. Verification trusts only this authority's key, found by {@code kid} or by the leaf of {@code x5c}; it checks
 * the algorithm, the signature, the issuer, the audience (the registry's service name) and the validity window with a
 * minute's leeway for clock skew, as distribution does.
 */
public final class TokenAuthority {
    static final Duration LEEWAY = Duration.ofSeconds(60);
    private final SigningKey key;
    private final String issuer;
    private final String service;
    private final Duration lifetime;
    private final Clock clock;

    /** A token and the facts the token endpoint reports beside it. */
    public record IssuedToken(String token, Instant issuedAt, Duration expiresIn, TokenClaims claims) {}

    public TokenAuthority(SigningKey key, String issuer, String service, Duration lifetime, Clock clock) {
        this.key = Objects.requireNonNull(key, "key");
        this.issuer = Objects.requireNonNull(issuer, "issuer");
        this.service = Objects.requireNonNull(service, "service");
        this.lifetime = Objects.requireNonNull(lifetime, "lifetime");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (lifetime.isNegative() || lifetime.isZero()) {
            throw new IllegalArgumentException("token lifetime must be positive, got " + lifetime);
        }
    }

    public String service() {
        return service;
    }

    public SigningKey key() {
        return key;
    }

    /** Signs a token for {@code user} (empty: anonymous) that grants exactly {@code granted}. */
    public IssuedToken issue(Optional<String> user, List<Permission> granted) {
        Instant now = clock.instant();
        TokenClaims claims = new TokenClaims(issuer, user.orElse(""), service, now, now.plus(lifetime), now,
                UUID.randomUUID().toString(), ResourceScope.of(granted));
        ObjectNode header = JsonNodeFactory.instance.objectNode();
        header.put("typ", "JWT");
        header.put("alg", key.algorithm());
        header.put("kid", key.keyId());
        List<String> x5c = key.x5c();
        if (!x5c.isEmpty()) {
            x5c.forEach(header.putArray("x5c")::add);
        }
        return new IssuedToken(Jws.sign(header, claims.toJson(), key), now, lifetime, claims);
    }

    /** The claims of {@code compact} if this authority issued it for this registry and it is valid now. */
    public TokenClaims verify(String compact) {
        Jws jws = Jws.parse(compact);
        JsonNode alg = jws.header().get("alg");
        if (alg == null || !key.algorithm().equals(alg.asText())) {
            throw invalid("signed with " + (alg == null ? "no algorithm" : alg.asText()) + ", expected "
                    + key.algorithm());
        }
        checkKeyIsOurs(jws.header());
        if (!key.verifies(jws.signingInput(), jws.signature())) {
            throw invalid("signature does not verify");
        }
        TokenClaims claims = TokenClaims.fromJson(jws.payload());
        if (!claims.issuer().equals(issuer)) {
            throw invalid("issued by " + claims.issuer() + ", not " + issuer);
        }
        if (!claims.audience().equals(service)) {
            throw invalid("meant for " + claims.audience() + ", not " + service);
        }
        Instant now = clock.instant();
        if (now.isAfter(claims.expiresAt().plus(LEEWAY))) {
            throw invalid("expired at " + claims.expiresAt());
        }
        if (now.isBefore(claims.notBefore().minus(LEEWAY))) {
            throw invalid("not valid before " + claims.notBefore());
        }
        return claims;
    }

    private void checkKeyIsOurs(JsonNode header) {
        JsonNode x5c = header.get("x5c");
        JsonNode kid = header.get("kid");
        if (x5c != null && x5c.isArray() && !x5c.isEmpty()) {
            if (!leafKeyIsOurs(x5c.get(0).asText())) {
                throw invalid("x5c certificate is not this registry's token certificate");
            }
        } else if (kid == null || !kid.asText().equals(key.keyId())) {
            throw invalid("signed by an unknown key" + (kid == null ? "" : " " + kid.asText()));
        }
    }

    private boolean leafKeyIsOurs(String base64Der) {
        try {
            byte[] der = Base64.getDecoder().decode(base64Der);
            var certificate = CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
            return certificate.getPublicKey().equals(key.publicKey());
        } catch (IllegalArgumentException | CertificateException e) {
            throw invalid("x5c is not a base64 DER certificate");
        }
    }

    private static BerthException invalid(String why) {
        return new BerthException(ErrorKind.UNAUTHORIZED, "invalid token: " + why);
    }
}
