package dev.berth.registry.web;

import dev.berth.registry.api.Access;
import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.http.AccessGuard;
import dev.berth.registry.http.Endpoint;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.storage.RegistryStorage;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Serves {@link RegistryPage} at {@code GET /} (and {@code HEAD}). It lists the catalog, so it needs what
 * {@code /v2/_catalog} needs from the page's access guard ({@link dev.berth.registry.http.RegistryHooks#pageGuard}).
 * The page runs no script, and its Content-Security-Policy says so.
 */
public final class WebPageEndpoint implements Endpoint {
    private final RegistryPage page;
    private final AccessGuard guard;

    public WebPageEndpoint(RegistryStorage storage, AccessGuard guard) {
        this.page = new RegistryPage(storage);
        this.guard = guard;
    }

    @Override
    public boolean handles(Exchange exchange) {
        return exchange.path().equals("/") && (exchange.method().equals("GET") || exchange.isHead());
    }

    @Override
    public void handle(Exchange exchange) {
        guard.authorize(exchange, List.of(Access.catalog())).ifPresent(exchange::principal);
        String host = exchange.header(HttpHeaderNames.HOST).orElse("localhost:5000");
        RegistryPage.Request request = new RegistryPage.Request(pageSize(exchange), exchange.query("last"), host);
        byte[] body = page.render(request).getBytes(StandardCharsets.UTF_8);
        HttpHeaders headers = new DefaultHttpHeaders()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/html; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'")
                .set("X-Content-Type-Options", "nosniff");
        exchange.send(HttpResponseStatus.OK, headers, body);
    }

    private static int pageSize(Exchange exchange) {
        Optional<String> n = exchange.query("n");
        if (n.isEmpty()) {
            return RegistryPage.DEFAULT_PAGE;
        }
        try {
            int value = Integer.parseInt(n.get());
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below like any other bad number
        }
        throw new RegistryException(ErrorCode.PAGINATION_NUMBER_INVALID, "n must be a positive number, got \""
                + (n.get().length() > 20 ? n.get().substring(0, 20) + "…" : n.get()) + "\"");
    }
}
