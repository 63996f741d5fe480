package dev.berth.client.registry;

import dev.berth.client.auth.Scope;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Descriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;

/**
 * The push side of one repository (OCI distribution spec, "Pushing blobs", "Mounting a blob from another repository",
 * "Pushing Manifests"): a blob is mounted from a repository that has it ({@code POST ?mount=&from=}, {@code 201}), or
 * uploaded in one {@code PUT} (monolithic) or in {@code PATCH} chunks closed by a {@code PUT}; then the manifest is put.
 */
public final class BlobUploads {
    /** Where bytes of a blob come from; opened again for a retried request, so it must be repeatable. */
    @FunctionalInterface
    public interface Content {
        InputStream open() throws IOException;
    }

    /** What starting an upload gave: the blob mounted, or an upload session to send it to. */
    public sealed interface Start {
        record Mounted() implements Start {}

        record Session(URI location) implements Start {}
    }

    private final RegistryHttp http;
    private final String path;
    private final Endpoint endpoint;
    private final List<Scope> scopes;

    BlobUploads(RegistryHttp http, String path, Endpoint endpoint, List<Scope> scopes) {
        this.http = http;
        this.path = path;
        this.endpoint = endpoint;
        this.scopes = scopes;
    }

    /**
     * Starts an upload; with {@code mountFrom} (a repository of the same registry holding the blob), asks for a
     * cross-repository mount first, which the registry may refuse by opening a plain upload session instead.
     */
    public Start start(Digest digest, Optional<String> mountFrom) {
        String query = mountFrom.map(from -> "?mount=" + digest + "&from=" + from).orElse("");
        URI uri = endpoint.resolve(path + "/blobs/uploads/" + query);
        List<Scope> all = new ArrayList<>(scopes);
        mountFrom.filter(from -> !from.equals(path)).ifPresent(from -> all.add(Scope.pull(from)));
        HttpResponse<InputStream> r = http.send(endpoint, all, uri,
                u -> HttpRequest.newBuilder(u).POST(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] body = Repository.readBounded(r, 64 * 1024, "POST " + uri);
        if (r.statusCode() == 201 && mountFrom.isPresent()) {
            return new Start.Mounted();
        }
        if (r.statusCode() == 202) {
            return new Start.Session(location(r, uri));
        }
        throw RegistryErrors.of("POST " + uri, r, body);
    }

    /**
     * Sends blob {@code d} to the session at {@code location}: in one {@code PUT} when it is at most
     * {@code chunkSize} bytes, else in {@code PATCH} chunks of that size and a closing {@code PUT}. {@code progress}
     * gets the bytes sent so far.
     */
    public void upload(URI location, Descriptor d, Content content, long chunkSize, LongConsumer progress) {
        if (chunkSize <= 0) {
            throw BerthException.invalid("upload chunk size must be positive, got " + chunkSize);
        }
        URI session = location;
        long offset = 0;
        if (d.size() > chunkSize) {
            while (offset < d.size()) {
                long length = Math.min(chunkSize, d.size() - offset);
                session = patch(session, d, content, offset, length, progress);
                offset += length;
            }
            put(session, d, content, offset, 0, progress);
        } else {
            put(session, d, content, 0, d.size(), progress);
        }
    }

    /** Puts a manifest or index under {@code tagOrDigest}; returns the digest the registry gives it. */
    public Digest putManifest(String tagOrDigest, byte[] bytes, String mediaType, Digest digest) {
        URI uri = endpoint.resolve(path + "/manifests/" + tagOrDigest);
        HttpResponse<InputStream> r = http.send(endpoint, scopes, uri,
                u -> HttpRequest.newBuilder(u).header("Content-Type", mediaType)
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] body = Repository.readBounded(r, 64 * 1024, "PUT " + uri);
        if (r.statusCode() != 201 && r.statusCode() != 200) {
            throw RegistryErrors.of("PUT " + uri, r, body);
        }
        Optional<Digest> returned = r.headers().firstValue("Docker-Content-Digest").filter(Digest::isValid)
                .map(Digest::parse);
        if (returned.isPresent() && !returned.get().equals(digest)) {
            throw BerthException.corrupted("PUT " + uri + ": registry stored digest " + returned.get()
                    + ", sent " + digest);
        }
        return digest;
    }

    private URI patch(URI session, Descriptor d, Content content, long offset, long length, LongConsumer progress) {
        HttpResponse<InputStream> r = http.send(endpoint, scopes, session,
                u -> HttpRequest.newBuilder(u)
                        .header("Content-Type", "application/octet-stream")
                        .header("Content-Range", offset + "-" + (offset + length - 1))
                        .method("PATCH", body(content, offset, length, progress)),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] answer = Repository.readBounded(r, 64 * 1024, "PATCH " + session);
        if (r.statusCode() != 202) {
            throw RegistryErrors.of("upload blob " + d.digest() + ": PATCH", r, answer);
        }
        return location(r, session);
    }

    private void put(URI session, Descriptor d, Content content, long offset, long length, LongConsumer progress) {
        String q = session.getRawQuery();
        URI uri = URI.create(session + (q == null || q.isEmpty() ? "?" : "&") + "digest=" + d.digest());
        HttpResponse<InputStream> r = http.send(endpoint, scopes, uri,
                u -> HttpRequest.newBuilder(u).header("Content-Type", "application/octet-stream")
                        .PUT(length == 0 ? HttpRequest.BodyPublishers.noBody()
                                : body(content, offset, length, progress)),
                HttpResponse.BodyHandlers.ofInputStream());
        byte[] answer = Repository.readBounded(r, 64 * 1024, "PUT " + session);
        if (r.statusCode() != 201) {
            throw RegistryErrors.of("upload blob " + d.digest() + ": PUT", r, answer);
        }
    }

    /** {@code length} bytes of the content from {@code offset}, with a known length, reopened for each send. */
    private static HttpRequest.BodyPublisher body(Content content, long offset, long length, LongConsumer progress) {
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                InputStream in = content.open();
                in.skipNBytes(offset);
                return new Counting(in, offset, length, progress);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }), length);
    }

    private static URI location(HttpResponse<?> r, URI request) {
        String location = r.headers().firstValue("Location").orElseThrow(() -> new BerthException(
                ErrorKind.UNAVAILABLE, request + ": upload response without a Location"));
        return request.resolve(location);
    }

    /** At most {@code length} bytes, reporting the blob offset reached. */
    private static final class Counting extends FilterInputStream {
        private final LongConsumer progress;
        private long position;
        private long remaining;

        Counting(InputStream in, long offset, long length, LongConsumer progress) {
            super(in);
            this.position = offset;
            this.remaining = length;
            this.progress = progress;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
                position += n;
                progress.accept(position);
            }
            return n;
        }
    }
}
