package dev.berth.registry.auth;

import dev.berth.oci.error.ErrorKind;
import dev.berth.registry.api.Access;
import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.http.AccessGuard;
import dev.berth.registry.http.Exchange;
import io.netty.handler.codec.http.HttpHeaderNames;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The server's {@link AccessGuard} over an {@link Authorizer}: turns the route's required {@link Access} into
 * single {@link Permission}s, asks the authorizer, and turns a refusal into the spec's {@code UNAUTHORIZED} (with its
 * {@code WWW-Authenticate} challenge) or {@code DENIED}.
 */
public record AuthGuard(Authorizer authorizer) implements AccessGuard {
    public AuthGuard {
        Objects.requireNonNull(authorizer, "authorizer");
    }

    @Override
    public Optional<String> authorize(Exchange exchange, List<Access> required) {
        List<Permission> permissions = required.stream()
                .flatMap(a -> a.actions().stream().sorted().map(action -> new Permission(a.type(), a.resource(),
                        action.wire())))
                .toList();
        AuthDecision decision = authorizer.authorize(new Authorizer.AuthRequest(
                exchange.header(HttpHeaderNames.AUTHORIZATION), permissions, baseUrl(exchange)));
        return switch (decision) {
            case AuthDecision.Allowed allowed -> allowed.user();
            case AuthDecision.Refused refused -> throw new RegistryException(
                    refused.kind() == ErrorKind.UNAUTHORIZED ? ErrorCode.UNAUTHORIZED : ErrorCode.DENIED,
                    refused.reason(),
                    refused.challenge().map(c -> Map.of(HttpHeaderNames.WWW_AUTHENTICATE.toString(), c))
                            .orElse(Map.of()),
                    null);
        };
    }

    /** How the client reached us: the scheme of this connection and the {@code Host} it asked for. */
    static String baseUrl(Exchange exchange) {
        String host = exchange.header(HttpHeaderNames.HOST).orElse("localhost");
        return (exchange.isSecure() ? "https://" : "http://") + host;
    }
}
