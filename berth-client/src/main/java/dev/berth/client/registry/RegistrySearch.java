package dev.berth.client.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Docker's v1 search API, as dockerd's registry session calls it: {@code GET /v1/search?q=TERM&n=LIMIT} on the
 * registry's own host (no mirror), anonymous, answering {@code {"results":[{"name","description","star_count",
 * "is_official","is_automated"}]}}. A registry without it fails with dockerd's {@code Unexpected status code 404}.
 */
final class RegistrySearch {
    /** Where Docker Hub answers v1 search: its index, not its Distribution API host. */
    static final URI DOCKER_HUB_INDEX = URI.create("https://index.docker.io");
    private static final int MAX_RESPONSE = 4 * 1024 * 1024;

    private final HttpClient http;

    RegistrySearch(HttpClient http) {
        this.http = http;
    }

    List<SearchResult> search(Endpoint registry, String term, int limit) {
        URI base = registry.base().equals(RegistryConfig.DOCKER_HUB_ENDPOINT) ? DOCKER_HUB_INDEX : registry.base();
        URI uri = base.resolve("/v1/search?q=" + URLEncoder.encode(term, StandardCharsets.UTF_8)
                + "&n=" + limit);
        HttpResponse<byte[]> r;
        try {
            r = http.send(HttpRequest.newBuilder(uri).GET().timeout(RegistryHttp.HEADERS_TIMEOUT).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "GET " + uri + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "GET " + uri + ": interrupted", e);
        }
        if (r.statusCode() != 200) {
            throw new BerthException(ErrorKind.INTERNAL, "Unexpected status code " + r.statusCode());
        }
        if (r.body().length > MAX_RESPONSE) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "GET " + uri + ": search response over "
                    + MAX_RESPONSE + " bytes");
        }
        List<SearchResult> out = new ArrayList<>();
        for (JsonNode n : Json.object(r.body(), "search response from " + uri).path("results")) {
            out.add(new SearchResult(n.path("name").asText(""), n.path("description").asText(""),
                    n.path("star_count").asInt(0), n.path("is_official").asBoolean(false),
                    n.path("is_automated").asBoolean(false)));
        }
        return out;
    }
}
