package dev.berth.registry.search;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.registry.api.Access;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.http.AccessGuard;
import dev.berth.registry.http.Endpoint;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.storage.RegistryStorage;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Docker's v1 search API ({@code GET /v1/search?q=TERM&n=LIMIT}), what {@code docker search HOST/TERM} asks a
 * registry for, over the catalog: the repositories whose name contains the term, without stars or descriptions (a
 * registry has none). It lists the catalog, so it needs what {@code /v2/_catalog} needs from the access guard.
 *
 * <pre>
 * {"query":"box","num_results":1,"num_pages":1,"page":1,"page_size":25,
 *  "results":[{"name":"library/busybox","description":"","star_count":0,"is_official":false,"is_automated":false}]}
 * </pre>
 */
public final class SearchEndpoint implements Endpoint {
    /** Docker Hub's default and largest page. */
    private static final int DEFAULT_LIMIT = 25;
    private static final int MAX_LIMIT = 100;

    private final RegistryStorage storage;
    private final AccessGuard guard;

    public SearchEndpoint(RegistryStorage storage, AccessGuard guard) {
        this.storage = storage;
        this.guard = guard;
    }

    @Override
    public boolean handles(Exchange exchange) {
        return exchange.path().equals("/v1/search") && exchange.method().equals("GET");
    }

    @Override
    public void handle(Exchange exchange) {
        guard.authorize(exchange, List.of(Access.catalog()));
        String term = exchange.query("q").orElse("").strip();
        int limit = limit(exchange);
        String needle = term.toLowerCase(Locale.ROOT);
        List<String> matches = storage.repositories().stream().map(RepositoryName::value)
                .filter(name -> name.contains(needle)).toList();
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.put("query", term);
        out.put("num_results", matches.size());
        out.put("num_pages", Math.max(1, (matches.size() + limit - 1) / limit));
        out.put("page", 1);
        out.put("page_size", limit);
        ArrayNode results = out.putArray("results");
        for (String name : matches.subList(0, Math.min(limit, matches.size()))) {
            results.addObject().put("name", name).put("description", "").put("star_count", 0)
                    .put("is_official", false).put("is_automated", false);
        }
        exchange.send(HttpResponseStatus.OK, new DefaultHttpHeaders()
                .set(HttpHeaderNames.CONTENT_TYPE, "application/json"),
                out.toString().getBytes(StandardCharsets.UTF_8));
    }

    /** {@code n}, clamped to 1…100 as Docker Hub does; a word is the default. */
    private static int limit(Exchange exchange) {
        try {
            int n = Integer.parseInt(exchange.query("n").orElse(""));
            return Math.clamp(n, 1, MAX_LIMIT);
        } catch (NumberFormatException e) {
            return DEFAULT_LIMIT;
        }
    }
}
