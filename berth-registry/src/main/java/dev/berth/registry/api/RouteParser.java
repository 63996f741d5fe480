package dev.berth.registry.api;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps a decoded request path to its {@link Route}, or empty when it is not a {@code /v2/} path. Names may contain
 * {@code blobs} or {@code manifests} as components, so each shape is matched from its anchored end; a path of a known
 * shape with an invalid name is {@link ErrorCode#NAME_INVALID}.
 */
public final class RouteParser {
    private static final Pattern TAGS = Pattern.compile("/v2/(.+)/tags/list");
    private static final Pattern MANIFEST = Pattern.compile("/v2/(.+)/manifests/([^/]+)");
    private static final Pattern UPLOAD_START = Pattern.compile("/v2/(.+)/blobs/uploads/?");
    private static final Pattern UPLOAD = Pattern.compile("/v2/(.+)/blobs/uploads/([^/]+)");
    private static final Pattern BLOB = Pattern.compile("/v2/(.+)/blobs/([^/]+)");
    private static final Pattern REFERRERS = Pattern.compile("/v2/(.+)/referrers/([^/]+)");

    private RouteParser() {}

    public static Optional<Route> parse(String path) {
        if (path.equals("/v2") || path.equals("/v2/")) {
            return Optional.of(new Route.Base());
        }
        if (!path.startsWith("/v2/")) {
            return Optional.empty();
        }
        if (path.equals("/v2/_catalog")) {
            return Optional.of(new Route.Catalog());
        }
        Matcher m;
        if ((m = TAGS.matcher(path)).matches()) {
            return Optional.of(new Route.Tags(name(m)));
        }
        if ((m = MANIFEST.matcher(path)).matches()) {
            return Optional.of(new Route.Manifest(name(m), m.group(2)));
        }
        if ((m = UPLOAD_START.matcher(path)).matches()) {
            return Optional.of(new Route.UploadStart(name(m)));
        }
        if ((m = UPLOAD.matcher(path)).matches()) {
            return Optional.of(new Route.Upload(name(m), m.group(2)));
        }
        if ((m = BLOB.matcher(path)).matches()) {
            return Optional.of(new Route.Blob(name(m), m.group(2)));
        }
        if ((m = REFERRERS.matcher(path)).matches()) {
            RepositoryName name = name(m);
            try {
                return Optional.of(new Route.Referrers(name, Digest.parse(m.group(2))));
            } catch (BerthException e) {
                throw new RegistryException(ErrorCode.DIGEST_INVALID, e.getMessage());
            }
        }
        return Optional.empty();
    }

    private static RepositoryName name(Matcher m) {
        return RepositoryName.of(m.group(1));
    }
}
