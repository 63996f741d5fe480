package dev.berth.engine.api;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a method and a path (version prefix removed) to a handler. Patterns are regular expressions whose groups
 * become the request's params, e.g. {@code /images/(.+)/json}; routes are tried in the order added, so exact paths
 * go before the patterns that would also match them.
 */
public final class Router {
    /** Handles one request; runs on a virtual thread and may block. */
    @FunctionalInterface
    public interface Handler {
        void handle(ApiRequest request, ApiResponse response) throws IOException;
    }

    private record Route(String method, Pattern path, Handler handler) {}

    private final List<Route> routes = new ArrayList<>();

    public Router add(String method, String pathRegex, Handler handler) {
        routes.add(new Route(method, Pattern.compile(pathRegex), handler));
        return this;
    }

    /**
     * The handler with the request's captured params, or empty: docker answers 404 {@code page not found}. HEAD is
     * routed only for {@code /_ping}, the one path docker serves it on.
     */
    Optional<Match> route(String method, String path) {
        for (Route r : routes) {
            Matcher m = r.path().matcher(path);
            if (m.matches() && (r.method().equals(method) || (method.equals("HEAD") && r.method().equals("GET")
                    && path.equals("/_ping")))) {
                List<String> params = new ArrayList<>();
                for (int i = 1; i <= m.groupCount(); i++) {
                    params.add(m.group(i));
                }
                return Optional.of(new Match(r.handler(), params));
            }
        }
        return Optional.empty();
    }

    record Match(Handler handler, List<String> params) {}

    static BerthException pageNotFound() {
        return BerthException.notFound("page not found");
    }
}
