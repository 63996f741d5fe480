package dev.berth.registry.auth;

import dev.berth.oci.error.BerthException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Docker's token flow on the registry side: a request without a bearer token gets {@code 401} and
 * {@code WWW-Authenticate: Bearer realm="…/auth/token",service="…",scope="repository:NAME:pull,push"}; the client
 * fetches a token there and retries. A token is checked by the {@link TokenAuthority}; one that does not grant what
 * the request needs is {@code 401 insufficient_scope} for an anonymous client (it should authenticate) and
 * {@code 403 DENIED} for a user (authenticating again will not help).
 *
 * @param realm the token endpoint clients are sent to; empty: this registry's own {@code /auth/token}
 */
public record BearerAuthorizer(TokenAuthority authority, Optional<String> realm) implements Authorizer {
    public static final String TOKEN_PATH = "/auth/token";

    public BearerAuthorizer {
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(realm, "realm");
    }

    @Override
    public AuthDecision authorize(AuthRequest request) {
        List<Permission> required = request.required();
        String realmUrl = realm.orElse(request.baseUrl() + TOKEN_PATH);
        Optional<String> token = request.authorization().flatMap(h -> AuthorizationHeader.credentials(h, "Bearer"));
        if (token.isEmpty()) {
            return AuthDecision.Refused.unauthorized("no bearer token", required,
                    Challenges.bearer(realmUrl, authority.service(), required, Optional.empty()));
        }
        TokenClaims claims;
        try {
            claims = authority.verify(token.get());
        } catch (BerthException e) {
            return AuthDecision.Refused.unauthorized(e.getMessage(), required,
                    Challenges.bearer(realmUrl, authority.service(), required, Optional.of("invalid_token")));
        }
        List<Permission> missing = required.stream().filter(a -> !claims.grants(a)).toList();
        if (missing.isEmpty()) {
            return new AuthDecision.Allowed(claims.user());
        }
        String insufficient = Challenges.bearer(realmUrl, authority.service(), required,
                Optional.of("insufficient_scope"));
        String reason = "token does not grant " + missing;
        return claims.user().isEmpty()
                ? AuthDecision.Refused.unauthorized(reason, required, insufficient)
                : AuthDecision.Refused.denied(reason, required, Optional.of(insufficient));
    }
}
