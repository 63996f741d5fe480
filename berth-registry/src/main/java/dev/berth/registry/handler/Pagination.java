package dev.berth.registry.handler;

import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.http.Exchange;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * One page of a sorted listing (OCI distribution spec, "Listing Tags" and distribution's catalog): the entries after
 * {@code last}, at most {@code n}; when more follow, {@link #link} is the {@code Link} header of the next page.
 */
record Pagination(List<String> items, Optional<String> link) {
    /** Cap when the client gives no {@code n}, as distribution's catalog does; tags are listed whole. */
    static final int MAX_N = 10_000;

    static Pagination of(Exchange exchange, List<String> sorted, boolean capByDefault) {
        Optional<String> last = exchange.query("last");
        Optional<Integer> n = exchange.query("n").map(Pagination::parseN);
        int start = 0;
        if (last.isPresent()) {
            start = indexAfter(sorted, last.get());
        }
        int limit = n.orElse(capByDefault ? MAX_N : Integer.MAX_VALUE);
        int end = (int) Math.min(sorted.size(), (long) start + limit);
        List<String> page = sorted.subList(start, end);
        Optional<String> link = Optional.empty();
        if (end < sorted.size() && !page.isEmpty()) {
            link = Optional.of("<" + exchange.path() + "?n=" + limit + "&last="
                    + URLEncoder.encode(page.getLast(), StandardCharsets.UTF_8) + ">; rel=\"next\"");
        }
        return new Pagination(List.copyOf(page), link);
    }

    private static int indexAfter(List<String> sorted, String last) {
        int i = java.util.Collections.binarySearch(sorted, last);
        return i >= 0 ? i + 1 : -i - 1;
    }

    private static int parseN(String text) {
        try {
            int n = Integer.parseInt(text);
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new RegistryException(ErrorCode.PAGINATION_NUMBER_INVALID, "n=" + text + ": must be a non-negative integer");
    }
}
