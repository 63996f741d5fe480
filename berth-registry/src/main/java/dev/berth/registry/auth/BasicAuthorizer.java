package dev.berth.registry.auth;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * htpasswd auth: Basic credentials checked against an {@link Htpasswd} file on every request, then the
 * {@link AccessPolicy}. Missing or wrong credentials get {@code 401} with {@code WWW-Authenticate: Basic realm=...};
 * a known user without the right gets {@code 403 DENIED}. Without users (a token mode that serves anonymous clients
 * only), any credentials are wrong and anonymous access is the rules' to grant.
 */
public record BasicAuthorizer(Optional<Htpasswd> users, AccessPolicy policy, String realm) implements Authorizer {
    public BasicAuthorizer {
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(realm, "realm");
    }

    @Override
    public AuthDecision authorize(AuthRequest request) {
        String challenge = "Basic realm=" + Challenges.quote(realm);
        Optional<BasicCredentials> credentials = request.authorization().flatMap(BasicCredentials::parse);
        if (request.authorization().isPresent()
                && (credentials.isEmpty() || users.isEmpty()
                        || !users.get().verify(credentials.get().user(), credentials.get().password()))) {
            return AuthDecision.Refused.unauthorized("invalid username or password", request.required(), challenge);
        }
        Optional<String> user = credentials.map(BasicCredentials::user);
        List<Permission> refused = request.required().stream().filter(a -> !policy.allows(user, a)).toList();
        if (user.isEmpty() && (request.required().isEmpty() || !refused.isEmpty())) {
            return AuthDecision.Refused.unauthorized("no credentials", request.required(), challenge);
        }
        if (!refused.isEmpty()) {
            return AuthDecision.Refused.denied(user.orElseThrow() + " may not " + refused, request.required(),
                    Optional.empty());
        }
        return new AuthDecision.Allowed(user);
    }
}
