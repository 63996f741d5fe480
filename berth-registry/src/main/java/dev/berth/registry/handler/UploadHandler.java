package dev.berth.registry.handler;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.storage.RegistryStorage;
import dev.berth.registry.storage.UploadSession;
import dev.berth.registry.storage.UploadStore;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code /v2/<name>/blobs/uploads/[<id>]} (OCI distribution spec, "Pushing blobs"): monolithic POST with
 * {@code ?digest=}, POST then PUT, chunked PATCH with {@code Content-Range} (a chunk that does not start at the
 * upload's end is 416), status GET, cancel DELETE, and cross-repository mount ({@code ?mount=&from=}; without
 * {@code from}, or when {@code from} lacks the blob, a new upload is opened instead: 202).
 *
 * <p>Bodies are streamed into the upload's ingest and digested as they arrive. A body cut off mid-way keeps what
 * arrived (the upload can resume); no partial blob is ever visible, since only a verified commit publishes one.
 */
final class UploadHandler {
    private static final Pattern CONTENT_RANGE = Pattern.compile("(?:bytes[ =])?(\\d+)-(\\d+)(?:/(?:\\d+|\\*))?");

    private final RegistryStorage storage;
    private final UploadStore uploads;

    UploadHandler(RegistryStorage storage) {
        this.storage = storage;
        this.uploads = storage.uploads();
    }

    void start(Exchange ex, RepositoryName name, Optional<RepositoryName> mountFrom) throws IOException {
        Optional<String> mount = ex.query("mount");
        if (mount.isPresent() && mountFrom.isPresent()) {
            Digest digest = ApiRouter.digest(mount.get());
            if (storage.blobs().stat(mountFrom.get(), digest).isPresent()) {
                storage.blobs().link(name, digest);
                created(ex, name, digest);
                return;
            }
        }
        Optional<String> digest = ex.query("digest");
        UploadSession session = uploads.start(name);
        if (digest.isEmpty()) {
            uploads.release(session);
            accepted(ex, HttpResponseStatus.ACCEPTED, session.name(), session.id().toString(), 0);
            return;
        }
        try {
            Digest expected = ApiRouter.digest(digest.get());
            ex.body().forEachChunk(session::write);
            uploads.commit(session, expected);
        } catch (IOException | RuntimeException e) {
            uploads.discard(session);
            throw e;
        }
        created(ex, name, Digest.parse(digest.get()));
    }

    void patch(Exchange ex, RepositoryName name, String id) throws IOException {
        UploadSession session = uploads.acquire(name, id);
        long offset;
        try {
            checkRange(ex, session);
            ex.body().forEachChunk(session::write);
            offset = session.offset();
        } finally {
            // Before answering: the client may send the next request on another connection at once.
            uploads.release(session);
        }
        accepted(ex, HttpResponseStatus.ACCEPTED, name, id, offset);
    }

    void put(Exchange ex, RepositoryName name, String id) throws IOException {
        Digest digest = ApiRouter.digest(ex.query("digest").orElseThrow(() ->
                new RegistryException(ErrorCode.DIGEST_INVALID, "the digest query parameter is missing")));
        UploadSession session = uploads.acquire(name, id);
        try {
            checkRange(ex, session);
            ex.body().forEachChunk(session::write);
            uploads.commit(session, digest);
        } finally {
            uploads.release(session);
        }
        created(ex, name, digest);
    }

    void status(Exchange ex, RepositoryName name, String id) {
        accepted(ex, HttpResponseStatus.NO_CONTENT, name, id, uploads.offset(name, id));
    }

    void cancel(Exchange ex, RepositoryName name, String id) {
        uploads.cancel(name, id);
        ex.sendEmpty(HttpResponseStatus.NO_CONTENT, new DefaultHttpHeaders(), 0);
    }

    /** A chunk must start where the upload ends, and its range must match its length. */
    private static void checkRange(Exchange ex, UploadSession session) {
        Optional<String> header = ex.header(HttpHeaderNames.CONTENT_RANGE);
        if (header.isEmpty()) {
            return;
        }
        Matcher m = CONTENT_RANGE.matcher(header.get().trim());
        long offset = session.offset();
        if (!m.matches()) {
            throw outOfOrder(session, "Content-Range " + header.get() + " is not start-end");
        }
        long start = Long.parseLong(m.group(1));
        long end = Long.parseLong(m.group(2));
        if (start != offset || end < start) {
            throw outOfOrder(session, "chunk " + start + "-" + end + " does not start at the upload's end " + offset);
        }
        Optional<String> length = ex.header(HttpHeaderNames.CONTENT_LENGTH);
        if (length.isPresent() && !length.get().trim().equals(Long.toString(end - start + 1))) {
            throw outOfOrder(session, "Content-Range " + header.get() + " does not match Content-Length "
                    + length.get());
        }
    }

    private static RegistryException outOfOrder(UploadSession session, String detail) {
        return new RegistryException(ErrorCode.RANGE_INVALID, "upload " + session.id() + ": " + detail,
                Map.of("Location", location(session.name(), session.id().toString()),
                        "Range", range(session.offset()), "Docker-Upload-UUID", session.id().toString()), null);
    }

    private static void accepted(Exchange ex, HttpResponseStatus status, RepositoryName name, String id, long offset) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(HttpHeaderNames.LOCATION, location(name, id));
        h.set(HttpHeaderNames.RANGE, range(offset));
        h.set("Docker-Upload-UUID", id);
        ex.sendEmpty(status, h, 0);
    }

    private static void created(Exchange ex, RepositoryName name, Digest digest) {
        HttpHeaders h = new DefaultHttpHeaders();
        h.set(HttpHeaderNames.LOCATION, "/v2/" + name + "/blobs/" + digest);
        h.set("Docker-Content-Digest", digest.toString());
        ex.sendEmpty(HttpResponseStatus.CREATED, h, 0);
    }

    private static String location(RepositoryName name, String id) {
        return "/v2/" + name + "/blobs/uploads/" + id;
    }

    /** The spec's inclusive range of what was received; distribution says 0-0 for nothing yet. */
    private static String range(long offset) {
        return "0-" + Math.max(0, offset - 1);
    }
}
