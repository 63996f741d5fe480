package dev.berth.cli.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A response whose body streams from the socket (already de-chunked); closing it closes the connection.
 *
 * @see UnixHttpTransport
 */
public final class HttpResponse implements Closeable {
    private final int status;
    private final Map<String, String> headers;
    private final InputStream body;
    private final SocketChannel channel;

    HttpResponse(int status, Map<String, String> headers, InputStream body, SocketChannel channel) {
        this.status = status;
        this.headers = Map.copyOf(headers);
        this.body = body;
        this.channel = channel;
    }

    public int status() {
        return status;
    }

    /** A header's value; names are matched case-insensitively. */
    public Optional<String> header(String name) {
        return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
    }

    public InputStream body() {
        return body;
    }

    /** The whole body: only for small JSON answers. */
    public byte[] readAll() {
        try {
            return body.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("read daemon response", e);
        }
    }

    public String readString() {
        return new String(readAll(), StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        UnixHttpTransport.close(channel);
    }
}
