package dev.berth.registry.auth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Decides whether a request to the Distribution API may proceed: no auth, htpasswd Basic auth, or Docker's bearer
 * token flow. Implementations are stateless per request and safe to call from any thread.
 */
public sealed interface Authorizer permits Authorizer.Open, BasicAuthorizer, BearerAuthorizer {

    AuthDecision authorize(AuthRequest request);

    /**
     * One request as the authorizer sees it: its {@code Authorization} header, the accesses it needs (empty for
     * {@code GET /v2/}, which only needs an identity), and the base URL clients reached this registry by
     * ({@code http://127.0.0.1:5000}), from which the default token realm is made.
     */
    record AuthRequest(Optional<String> authorization, List<Permission> required, String baseUrl) {
        public AuthRequest {
            Objects.requireNonNull(authorization, "authorization");
            required = List.copyOf(required);
            Objects.requireNonNull(baseUrl, "baseUrl");
        }
    }

    /** No auth: everybody may do everything, as an anonymous user. */
    record Open() implements Authorizer {
        @Override
        public AuthDecision authorize(AuthRequest request) {
            return new AuthDecision.Allowed(Optional.empty());
        }
    }
}
