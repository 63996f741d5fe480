package dev.berth.client.registry;

import dev.berth.client.auth.Scope;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Raw;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * The Distribution API calls on one repository (OCI distribution spec: "Pulling manifests", "Pulling blobs"; pushes
 * are in {@link BlobUploads}). Reads try the endpoints in order (mirrors, then the registry): a mirror that fails or
 * lacks the content is skipped, and the endpoint that served the last manifest is tried first for blobs.
 */
public final class Repository {
    /** Docker's limit on a manifest body; anything larger is refused before it is parsed. */
    static final int MAX_MANIFEST = 4 << 20;
    /** What a manifests endpoint is asked for: indexes and manifests, OCI and Docker schema 2. */
    static final String MANIFEST_ACCEPT = String.join(", ", MediaTypes.OCI_INDEX, MediaTypes.DOCKER_MANIFEST_LIST,
            MediaTypes.OCI_MANIFEST, MediaTypes.DOCKER_MANIFEST);

    private final RegistryHttp http;
    private final String path;
    private final List<Endpoint> endpoints;
    private final List<Scope> scopes;
    private volatile int preferred;

    Repository(RegistryHttp http, String path, List<Endpoint> endpoints, List<Scope> scopes) {
        this.http = http;
        this.path = path;
        this.endpoints = List.copyOf(endpoints);
        this.scopes = List.copyOf(scopes);
    }

    /** The repository path, e.g. {@code library/busybox}. */
    public String path() {
        return path;
    }

    public List<Endpoint> endpoints() {
        return endpoints;
    }

    /**
     * The manifest or index {@code tagOrDigest} names, as received: parsed, its bytes kept, digested. By digest, the
     * bytes must have that digest; by tag, the registry's {@code Docker-Content-Digest}, when sent, must match them.
     */
    public Raw<ManifestDocument> manifest(String tagOrDigest) {
        Optional<Digest> byDigest = Digest.isValid(tagOrDigest) ? Optional.of(Digest.parse(tagOrDigest))
                : Optional.empty();
        return withFallback(endpoint -> {
            URI uri = endpoint.resolve(path + "/manifests/" + tagOrDigest);
            HttpResponse<InputStream> r = http.send(endpoint, scopes, uri,
                    u -> HttpRequest.newBuilder(u).GET().header("Accept", MANIFEST_ACCEPT),
                    HttpResponse.BodyHandlers.ofInputStream());
            byte[] body = readBounded(r, MAX_MANIFEST, "GET " + uri);
            if (r.statusCode() != 200) {
                throw RegistryErrors.bare(r.statusCode(), body);
            }
            Optional<String> contentType = r.headers().firstValue("Content-Type");
            Raw<ManifestDocument> raw = Raw.manifest(body, contentType,
                    byDigest.map(Digest::algorithm).orElse(dev.berth.oci.digest.DigestAlgorithm.SHA256));
            Optional<Digest> claimed = byDigest.or(() -> r.headers().firstValue("Docker-Content-Digest")
                    .filter(Digest::isValid).map(Digest::parse)
                    .filter(d -> d.algorithm() == raw.digest().algorithm()));
            if (claimed.isPresent() && !claimed.get().equals(raw.digest())) {
                throw BerthException.corrupted("manifest " + tagOrDigest + " from " + endpoint
                        + ": digest mismatch: expected " + claimed.get() + ", got " + raw.digest());
            }
            return raw;
        });
    }

    /** A small blob (an image config) read whole and verified against {@code d}; larger than {@code max} is refused. */
    public byte[] blob(Descriptor d, int max) {
        if (d.size() > max) {
            throw BerthException.invalid("blob " + d.digest() + ": " + d.size() + " bytes, more than " + max);
        }
        byte[] bytes;
        try (InputStream in = openBlob(d, 0)) {
            bytes = in.readNBytes(max + 1);
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "read blob " + d.digest() + ": " + e.getMessage(), e);
        }
        if (bytes.length != d.size() || !d.digest().recompute(bytes).equals(d.digest())) {
            throw BerthException.corrupted("blob " + d.digest() + ": digest mismatch: got "
                    + d.digest().recompute(bytes) + " over " + bytes.length + " bytes");
        }
        return bytes;
    }

    /**
     * The bytes of blob {@code d} from {@code offset} to its end, streamed (a {@code Range} request when the offset is
     * not zero; a registry that ignores it is skipped ahead). The caller verifies the digest and closes the stream.
     */
    public InputStream openBlob(Descriptor d, long offset) {
        if (offset < 0 || offset > d.size()) {
            throw BerthException.invalid("blob " + d.digest() + ": offset " + offset + " outside 0.." + d.size());
        }
        return withFallback(endpoint -> {
            URI uri = endpoint.resolve(path + "/blobs/" + d.digest());
            HttpResponse<InputStream> r = http.send(endpoint, scopes, uri, u -> {
                HttpRequest.Builder b = HttpRequest.newBuilder(u).GET();
                if (offset > 0) {
                    b.header("Range", "bytes=" + offset + "-");
                }
                return b;
            }, HttpResponse.BodyHandlers.ofInputStream());
            String action = "GET " + uri;
            if (r.statusCode() == 206 && offset > 0) {
                long start = rangeStart(r);
                if (start != offset) {
                    RegistryHttp.discard(r);
                    throw new BerthException(ErrorKind.UNAVAILABLE, action + ": asked for bytes from " + offset
                            + ", got a range from " + start);
                }
                return r.body();
            }
            if (r.statusCode() == 200) {
                InputStream in = r.body();
                skipFully(in, offset, action);
                return in;
            }
            throw RegistryErrors.of(action, r, readBounded(r, 64 * 1024, action));
        });
    }

    /** True when the registry has blob {@code d} in this repository ({@code HEAD}, "Checking if content exists"). */
    public boolean blobExists(Descriptor d) {
        Endpoint endpoint = endpoints.get(preferred);
        URI uri = endpoint.resolve(path + "/blobs/" + d.digest());
        HttpResponse<Void> r = http.send(endpoint, scopes, uri,
                u -> HttpRequest.newBuilder(u).method("HEAD", HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.discarding());
        return switch (r.statusCode()) {
            case 200 -> true;
            case 404 -> false;
            default -> throw RegistryErrors.of("HEAD " + uri, r, new byte[0]);
        };
    }

    /** The blob upload calls of this repository, on its registry. */
    public BlobUploads uploads() {
        return new BlobUploads(http, path, endpoints.getLast(), scopes);
    }

    /**
     * Calls each endpoint in turn, the preferred one first, until one succeeds. When all fail, the registry's own
     * failure is thrown (a mirror's are attached to it): "manifest unknown" from the origin is the answer the user needs.
     */
    private <T> T withFallback(Function<Endpoint, T> call) {
        List<BerthException> failures = new ArrayList<>();
        BerthException origin = null;
        int first = preferred;
        for (int n = 0; n < endpoints.size(); n++) {
            int i = (first + n) % endpoints.size();
            try {
                T result = call.apply(endpoints.get(i));
                preferred = i;
                return result;
            } catch (BerthException e) {
                if (endpoints.get(i).mirror()) {
                    failures.add(e);
                } else {
                    origin = e;
                }
            }
        }
        BerthException thrown = origin != null ? origin : failures.removeLast();
        failures.forEach(thrown::addSuppressed);
        throw thrown;
    }

    private static long rangeStart(HttpResponse<?> r) {
        String range = r.headers().firstValue("Content-Range").orElse("");
        // bytes <start>-<end>/<size>
        int space = range.indexOf(' ');
        int dash = range.indexOf('-');
        try {
            return space >= 0 && dash > space ? Long.parseLong(range.substring(space + 1, dash)) : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static void skipFully(InputStream in, long n, String action) {
        try {
            in.skipNBytes(n);
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, action + ": skip " + n + " bytes: " + e.getMessage(), e);
        }
    }

    /** The body up to {@code max} bytes; more is INVALID_ARGUMENT (a body that size is not what was asked for). */
    static byte[] readBounded(HttpResponse<InputStream> r, int max, String action) {
        try (InputStream in = r.body()) {
            byte[] body = in.readNBytes(max + 1);
            if (body.length > max) {
                throw BerthException.invalid(action + ": response larger than " + max + " bytes");
            }
            return body;
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, action + ": " + e.getMessage(), e);
        }
    }
}
