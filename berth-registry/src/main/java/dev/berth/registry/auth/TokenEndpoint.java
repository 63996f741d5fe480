package dev.berth.registry.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Json;
import dev.berth.registry.http.Endpoint;
import dev.berth.registry.http.Exchange;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.util.List;
import java.util.Objects;

/**
 * {@code GET /auth/token?service=…&scope=…[&scope=…]}: the built-in token endpoint, answering as Docker Hub's auth
 * service does: {@code 200 {"token","access_token","expires_in","issued_at"}}, {@code 401 {"details":…}} for wrong
 * credentials, {@code 400 {"details":…}} for a bad service or scope. It is not part of the Distribution API, so its
 * errors are in the token server's form rather than the registry's.
 */
public record TokenEndpoint(TokenService tokens) implements Endpoint {
    public TokenEndpoint {
        Objects.requireNonNull(tokens, "tokens");
    }

    @Override
    public boolean handles(Exchange exchange) {
        return exchange.path().equals(BearerAuthorizer.TOKEN_PATH);
    }

    @Override
    public void handle(Exchange exchange) {
        if (!exchange.method().equals("GET")) {
            reply(exchange, HttpResponseStatus.METHOD_NOT_ALLOWED, exchange.method() + " " + exchange.path()
                    + ": only GET", new DefaultHttpHeaders().set(HttpHeaderNames.ALLOW, "GET"));
            return;
        }
        List<String> scopes = new QueryStringDecoder(exchange.rawUri()).parameters().getOrDefault("scope", List.of());
        TokenAuthority.IssuedToken issued;
        try {
            issued = tokens.issue(exchange.header(HttpHeaderNames.AUTHORIZATION), exchange.query("service"), scopes);
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.UNAUTHORIZED) {
                reply(exchange, HttpResponseStatus.UNAUTHORIZED, e.getMessage(), new DefaultHttpHeaders()
                        .set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm="
                                + Challenges.quote(tokens.authority().service())));
                return;
            }
            if (e.kind() == ErrorKind.INVALID_ARGUMENT) {
                reply(exchange, HttpResponseStatus.BAD_REQUEST, e.getMessage(), new DefaultHttpHeaders());
                return;
            }
            throw e;
        }
        issued.claims().user().ifPresent(exchange::principal);
        exchange.send(HttpResponseStatus.OK, new DefaultHttpHeaders()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store"), TokenService.responseJson(issued));
    }

    private static void reply(Exchange exchange, HttpResponseStatus status, String details, HttpHeaders headers) {
        headers.set(HttpHeaderNames.CONTENT_TYPE, "application/json");
        exchange.send(status, headers, Json.bytes(JsonNodeFactory.instance.objectNode().put("details", details)));
    }
}
