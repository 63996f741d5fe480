package dev.berth.registry.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Json;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The token endpoint's logic ({@code GET /auth/token?service=…&scope=…}, distribution {@code docs/spec/auth/token.md}):
 * authenticate the client by its Basic credentials, or take it as anonymous when it sends none; grant the part of the
 * requested scopes the {@link AccessPolicy} allows it (possibly nothing, as Docker Hub does); sign a token for that.
 * Wrong credentials are refused outright, so {@code docker login} fails as it should.
 */
public record TokenService(TokenAuthority authority, Optional<Htpasswd> users, AccessPolicy policy) {
    public TokenService {
        Objects.requireNonNull(authority, "authority");
        Objects.requireNonNull(users, "users");
        Objects.requireNonNull(policy, "policy");
    }

    /**
     * Issues a token. UNAUTHORIZED for wrong credentials, INVALID_ARGUMENT for a {@code service} that is not this
     * registry's or a malformed scope.
     */
    public TokenAuthority.IssuedToken issue(Optional<String> authorization, Optional<String> service,
            List<String> scopeParams) {
        if (service.isPresent() && !service.get().equals(authority.service())) {
            throw BerthException.invalid("token: unknown service " + service.get() + ", this is "
                    + authority.service());
        }
        Optional<String> user = authenticate(authorization);
        List<Permission> requested = ResourceScope.parseAll(scopeParams).stream()
                .flatMap(s -> s.permissions().stream()).toList();
        return authority.issue(user, policy.granted(user, requested));
    }

    /** The endpoint's JSON: {@code token} and its OAuth2 alias {@code access_token}, lifetime and issue time. */
    public static byte[] responseJson(TokenAuthority.IssuedToken issued) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("token", issued.token());
        node.put("access_token", issued.token());
        node.put("expires_in", issued.expiresIn().toSeconds());
        node.put("issued_at", DateTimeFormatter.ISO_INSTANT.format(issued.issuedAt()));
        return Json.bytes(node);
    }

    private Optional<String> authenticate(Optional<String> authorization) {
        if (authorization.isEmpty()) {
            return Optional.empty();
        }
        Optional<BasicCredentials> credentials = BasicCredentials.parse(authorization.get());
        if (credentials.isEmpty()) {
            throw new BerthException(ErrorKind.UNAUTHORIZED, "token: expected Basic credentials");
        }
        BasicCredentials c = credentials.get();
        if (users.isEmpty() || !users.get().verify(c.user(), c.password())) {
            throw new BerthException(ErrorKind.UNAUTHORIZED, "token: incorrect username or password");
        }
        return Optional.of(c.user());
    }
}
