package dev.berth.engine.distribution;

import dev.berth.client.registry.RegistryClient;
import dev.berth.client.registry.SearchResult;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@code GET /images/search} as dockerd answers it: the term names its registry the way a reference does
 * ({@code HOST/TERM}, else Docker Hub, where {@code library/} is dropped), the limit is 1…100, and the results are
 * filtered by {@code is-official}, {@code is-automated} and {@code stars}.
 */
final class ImageSearch {
    static final int DEFAULT_LIMIT = 25;
    private static final Set<String> FILTERS = Set.of("is-official", "is-automated", "stars");

    private ImageSearch() {}

    static List<SearchResult> search(RegistryClient client, String term, int limit, Map<String, List<String>> filters) {
        if (limit < 1 || limit > 100) {
            throw BerthException.invalid("limit " + limit + " is outside the range of [1, 100]");
        }
        for (String name : filters.keySet()) {
            if (!FILTERS.contains(name)) {
                throw BerthException.invalid("invalid filter '" + name + "'");
            }
        }
        Optional<Boolean> official = bool(filters, "is-official");
        Optional<Boolean> automated = bool(filters, "is-automated");
        int stars = stars(filters);
        String[] split = split(term);
        List<SearchResult> results = client.search(split[0], split[1], limit);
        return results.stream()
                .filter(r -> official.map(o -> o == r.official()).orElse(true))
                .filter(r -> automated.map(a -> a == r.automated()).orElse(true))
                .filter(r -> r.starCount() >= stars)
                .toList();
    }

    /** dockerd's {@code splitReposSearchTerm}: {@code [registry domain, term sent to it]}. */
    static String[] split(String term) {
        String[] parts = term.split("/", 2);
        boolean hub = parts.length == 1 || !parts[0].contains(".") && !parts[0].contains(":")
                && !parts[0].equals("localhost");
        if (hub) {
            String remote = term.startsWith("library/") ? term.substring("library/".length()) : term;
            return new String[] {Reference.DOCKER_HUB, remote};
        }
        return parts;
    }

    private static Optional<Boolean> bool(Map<String, List<String>> filters, String name) {
        List<String> values = filters.getOrDefault(name, List.of());
        if (values.isEmpty()) {
            return Optional.empty();
        }
        String v = values.getLast();
        if (!v.equals("true") && !v.equals("false") && !v.equals("1") && !v.equals("0")) {
            throw BerthException.invalid("invalid filter '" + name + "=" + v + "'");
        }
        return Optional.of(v.equals("true") || v.equals("1"));
    }

    private static int stars(Map<String, List<String>> filters) {
        int most = 0;
        for (String v : filters.getOrDefault("stars", List.of())) {
            try {
                most = Math.max(most, Integer.parseInt(v));
            } catch (NumberFormatException e) {
                throw BerthException.invalid("invalid filter 'stars=" + v + "'");
            }
        }
        return most;
    }
}
