package dev.berth.cli.api;

import java.io.InputStream;
import java.util.Objects;

/** What a request sends: a small body in memory, or a stream sent with chunked transfer encoding. */
public sealed interface RequestBody {
    String contentType();

    /** A body known in full, e.g. JSON; sent with {@code Content-Length}. */
    record Bytes(String contentType, byte[] bytes) implements RequestBody {
        public Bytes {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(bytes, "bytes");
        }
    }

    /** A body of unknown length, e.g. an image tarball; streamed chunked, never held in memory. */
    record Streamed(String contentType, InputStream in) implements RequestBody {
        public Streamed {
            Objects.requireNonNull(contentType, "contentType");
            Objects.requireNonNull(in, "in");
        }
    }
}
