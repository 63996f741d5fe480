package dev.berth.registry.handler;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.registry.api.Access;
import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Route;
import dev.berth.registry.api.RouteParser;
import dev.berth.registry.http.AccessGuard;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.RequestHandler;
import dev.berth.registry.storage.RegistryStorage;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The {@code /v2/} API: matches the path to a {@link Route}, lets the {@link AccessGuard} check the access the
 * route needs, then hands the request to the handler of its route and method. Methods a route does not have are
 * 405 {@code UNSUPPORTED}.
 */
public final class ApiRouter implements RequestHandler {
    private static final byte[] EMPTY_OBJECT = "{}".getBytes(StandardCharsets.UTF_8);

    private final AccessGuard guard;
    private final ManifestHandler manifests;
    private final BlobHandler blobs;
    private final UploadHandler uploads;
    private final ListingHandler listings;

    public ApiRouter(RegistryStorage storage, boolean deleteEnabled, AccessGuard guard) {
        this.guard = guard;
        this.manifests = new ManifestHandler(storage, deleteEnabled);
        this.blobs = new BlobHandler(storage, deleteEnabled);
        this.uploads = new UploadHandler(storage);
        this.listings = new ListingHandler(storage);
    }

    @Override
    public void handle(Exchange ex) throws Exception {
        Route route = RouteParser.parse(ex.path()).orElseThrow(() ->
                new RegistryException(ErrorCode.NOT_FOUND, "no endpoint at " + ex.path()));
        ex.route(route);
        Optional<RepositoryName> mountFrom = route instanceof Route.UploadStart && ex.hasQuery("mount")
                ? ex.query("from").map(RepositoryName::of) : Optional.empty();
        guard.authorize(ex, Access.required(ex.method(), route, mountFrom)).ifPresent(ex::principal);
        String method = ex.method();
        switch (route) {
            case Route.Base b -> {
                requireMethod(method, "GET", "HEAD");
                ex.send(HttpResponseStatus.OK,
                        new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, "application/json"), EMPTY_OBJECT);
            }
            case Route.Catalog c -> {
                requireMethod(method, "GET");
                listings.catalog(ex);
            }
            case Route.Tags t -> {
                requireMethod(method, "GET");
                listings.tags(ex, t.name());
            }
            case Route.Referrers r -> {
                requireMethod(method, "GET");
                listings.referrers(ex, r.name(), r.subject());
            }
            case Route.Manifest m -> {
                switch (method) {
                    case "GET", "HEAD" -> manifests.get(ex, m.name(), m.reference());
                    case "PUT" -> manifests.put(ex, m.name(), m.reference());
                    case "DELETE" -> manifests.delete(ex, m.name(), m.reference());
                    default -> throw unsupported(method, route);
                }
            }
            case Route.Blob b -> {
                switch (method) {
                    case "GET", "HEAD" -> blobs.get(ex, b.name(), b.digest());
                    case "DELETE" -> blobs.delete(ex, b.name(), b.digest());
                    default -> throw unsupported(method, route);
                }
            }
            case Route.UploadStart u -> {
                requireMethod(method, "POST");
                uploads.start(ex, u.name(), mountFrom);
            }
            case Route.Upload u -> {
                switch (method) {
                    case "GET" -> uploads.status(ex, u.name(), u.id());
                    case "PATCH" -> uploads.patch(ex, u.name(), u.id());
                    case "PUT" -> uploads.put(ex, u.name(), u.id());
                    case "DELETE" -> uploads.cancel(ex, u.name(), u.id());
                    default -> throw unsupported(method, route);
                }
            }
        }
    }

    /** Manifest GETs and HEADs served from memory, when no access check is configured. */
    @Override
    public boolean answerWithoutBlocking(Exchange ex) {
        if (guard != AccessGuard.OPEN) {
            return false;
        }
        Optional<Route> route = RouteParser.parse(ex.path());
        if (route.isPresent() && route.get() instanceof Route.Manifest m) {
            ex.route(m);
            return manifests.getCached(ex, m.name(), m.reference());
        }
        return false;
    }

    static Digest digest(String text) {
        try {
            return Digest.parse(text);
        } catch (BerthException e) {
            throw new RegistryException(ErrorCode.DIGEST_INVALID, e.getMessage());
        }
    }

    static void requireDelete(boolean enabled) {
        if (!enabled) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, "deletion is disabled (delete.enabled: false)");
        }
    }

    private static void requireMethod(String method, String... allowed) {
        for (String a : allowed) {
            if (a.equals(method)) {
                return;
            }
        }
        throw new RegistryException(ErrorCode.UNSUPPORTED, method + " is not supported here");
    }

    private static RegistryException unsupported(String method, Route route) {
        return new RegistryException(ErrorCode.UNSUPPORTED, method + " is not supported on " + route.kind() + "s");
    }
}
