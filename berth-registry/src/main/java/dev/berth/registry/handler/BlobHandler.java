package dev.berth.registry.handler;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.storage.RegistryStorage;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.StandardOpenOption;
import java.util.Optional;

/**
 * {@code /v2/<name>/blobs/<digest>} (OCI distribution spec, "Pulling blobs", "Deleting Blobs"): blobs linked into the
 * repository, sent zero-copy to network peers ({@code sendfile}), with single byte ranges (206).
 */
final class BlobHandler {
    private final RegistryStorage storage;
    private final boolean deleteEnabled;

    BlobHandler(RegistryStorage storage, boolean deleteEnabled) {
        this.storage = storage;
        this.deleteEnabled = deleteEnabled;
    }

    void get(Exchange ex, RepositoryName name, String digestText) throws IOException {
        Digest digest = ApiRouter.digest(digestText);
        BlobInfo info = storage.blobs().stat(name, digest).orElseThrow(() -> unknown(name, digest));
        FileChannel file;
        try {
            file = FileChannel.open(storage.content().path(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException | BerthException deletedMeanwhile) {
            throw unknown(name, digest);
        }
        try {
            long size = file.size();
            Optional<ByteRange> range = ByteRange.parse(ex.header(HttpHeaderNames.RANGE), size);
            HttpHeaders h = new DefaultHttpHeaders();
            h.set(HttpHeaderNames.CONTENT_TYPE, "application/octet-stream");
            h.set("Docker-Content-Digest", info.digest().toString());
            h.set(HttpHeaderNames.ETAG, "\"" + info.digest() + "\"");
            h.set(HttpHeaderNames.ACCEPT_RANGES, "bytes");
            h.set(HttpHeaderNames.CACHE_CONTROL, "max-age=31536000");
            if (range.isPresent()) {
                h.set(HttpHeaderNames.CONTENT_RANGE, range.get().contentRange(size));
                ex.sendFile(HttpResponseStatus.PARTIAL_CONTENT, h, file, range.get().offset(), range.get().length());
            } else {
                ex.sendFile(HttpResponseStatus.OK, h, file, 0, size);
            }
        } catch (RuntimeException | IOException e) {
            if (!ex.isSent()) {
                file.close();
            }
            throw e;
        }
    }

    void delete(Exchange ex, RepositoryName name, String digestText) {
        ApiRouter.requireDelete(deleteEnabled);
        Digest digest = ApiRouter.digest(digestText);
        if (!storage.blobs().unlink(name, digest)) {
            throw unknown(name, digest);
        }
        ex.sendEmpty(HttpResponseStatus.ACCEPTED, new DefaultHttpHeaders(), 0);
    }

    private static RegistryException unknown(RepositoryName name, Digest digest) {
        return new RegistryException(ErrorCode.BLOB_UNKNOWN, "blob " + digest + " not found in " + name);
    }
}
