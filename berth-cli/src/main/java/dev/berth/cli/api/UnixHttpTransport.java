package dev.berth.cli.api;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A minimal HTTP/1.1 client over a unix socket: one connection per exchange (the CLI makes a handful of calls), the
 * request body sent with {@code Content-Length} or chunked, the response body streamed (chunked, sized, or up to
 * the connection's end) so a pull's progress stream shows as it comes.
 */
public final class UnixHttpTransport {
    private static final int BUFFER = 64 * 1024;
    private final DaemonHost host;

    public UnixHttpTransport(DaemonHost host) {
        this.host = host;
    }

    public DaemonHost host() {
        return host;
    }

    public HttpResponse exchange(HttpRequest request) {
        return send(request).response();
    }

    /**
     * Sends {@code request} on a connection of its own and returns before the answer: {@link Sent#response} reads
     * it. A caller that sends several this way (run's attach and wait) has the daemon handle them side by side.
     */
    public Sent send(HttpRequest request) {
        SocketChannel channel = connect();
        try {
            write(channel, request);
            return new Sent(channel, request.method(), false, null);
        } catch (IOException e) {
            // The daemon may refuse a body half-way (e.g. a bad tarball) and say why: its answer is read first.
            return new Sent(channel, request.method(), false, e);
        }
    }

    /**
     * Sends {@code request} with {@code Upgrade: tcp} and, once the daemon answers {@code 101} (or {@code 200}, as
     * older daemons do), hands over the raw connection: the container's streams in, stdin out.
     */
    public HijackedConnection hijack(HttpRequest request) {
        return sendHijack(request).hijacked();
    }

    /** {@link #hijack} in two halves, as {@link #send}: {@link Sent#hijacked} reads the answer. */
    public Sent sendHijack(HttpRequest request) {
        SocketChannel channel = connect();
        try {
            write(channel, request.withHeader("Connection", "Upgrade").withHeader("Upgrade", "tcp"));
            return new Sent(channel, request.method(), true, null);
        } catch (IOException e) {
            throw failed(channel, e);
        }
    }

    /** A request sent whose answer is not read yet; closing it before then closes its connection. */
    public final class Sent implements Closeable {
        private final SocketChannel channel;
        private final String method;
        private final boolean upgrade;
        private final IOException sendFailure;

        private Sent(SocketChannel channel, String method, boolean upgrade, IOException sendFailure) {
            this.channel = channel;
            this.method = method;
            this.upgrade = upgrade;
            this.sendFailure = sendFailure;
        }

        /** The answer, its body streaming from the connection. */
        public HttpResponse response() {
            if (upgrade) {
                throw new IllegalStateException("an upgraded request's answer is a hijacked connection");
            }
            try {
                return receive(channel, method);
            } catch (IOException e) {
                if (sendFailure != null) {
                    e.addSuppressed(sendFailure);
                }
                throw failed(channel, e);
            }
        }

        /** The connection the daemon took over, or its refusal (an error status and the daemon's message). */
        public HijackedConnection hijacked() {
            if (!upgrade) {
                throw new IllegalStateException("the request asked for no upgrade");
            }
            try {
                InputStream in = new BufferedInputStream(Channels.newInputStream(channel), BUFFER);
                Head head = readHead(in);
                if (head.status() >= 300) {
                    return new HijackedConnection(head.status(), body(in, head.headers(), method, head.status()),
                            channel);
                }
                return new HijackedConnection(head.status(), in, channel);
            } catch (IOException e) {
                throw failed(channel, e);
            }
        }

        @Override
        public void close() {
            UnixHttpTransport.close(channel);
        }
    }

    /** Closes a connection to the daemon (an exchange's, a response's, a hijacked stream's). */
    static void close(SocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("close daemon connection", e);
        }
    }

    private UncheckedIOException failed(SocketChannel channel, IOException e) {
        closeQuietly(channel, e);
        return new UncheckedIOException("error during connect to " + host.uri() + ": " + e.getMessage(), e);
    }

    private SocketChannel connect() {
        UnixSockets.load();
        try {
            return SocketChannel.open(UnixDomainSocketAddress.of(host.socket()));
        } catch (IOException e) {
            throw new DaemonUnreachableException(host, e);
        }
    }

    private static void write(SocketChannel channel, HttpRequest request) throws IOException {
        OutputStream out = new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
        StringBuilder head = new StringBuilder()
                .append(request.method()).append(' ').append(request.target()).append(" HTTP/1.1\r\n")
                .append("Host: api.moby.localhost\r\n")
                .append("User-Agent: berth-cli\r\n");
        request.headers().forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
        // instanceof, not a pattern switch: the switch's bootstrap generates a class at run time, on every start
        RequestBody body = request.body().orElse(null);
        if (body instanceof RequestBody.Bytes b) {
            head.append("Content-Type: ").append(b.contentType()).append("\r\n")
                    .append("Content-Length: ").append(b.bytes().length).append("\r\n");
        } else if (body instanceof RequestBody.Streamed s) {
            head.append("Content-Type: ").append(s.contentType()).append("\r\n")
                    .append("Transfer-Encoding: chunked\r\n");
        } else {
            head.append(bodyless(request.method()) ? "" : "Content-Length: 0\r\n");
        }
        head.append("\r\n");
        out.write(head.toString().getBytes(StandardCharsets.UTF_8));
        if (body instanceof RequestBody.Bytes b) {
            out.write(b.bytes());
        } else if (body instanceof RequestBody.Streamed s) {
            writeChunked(s.in(), out);
        }
        out.flush();
    }

    private static boolean bodyless(String method) {
        return method.equals("GET") || method.equals("HEAD") || method.equals("DELETE");
    }

    private static void writeChunked(InputStream in, OutputStream out) throws IOException {
        byte[] buffer = new byte[BUFFER];
        int n;
        while ((n = in.read(buffer)) > 0) {
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(buffer, 0, n);
            out.write('\r');
            out.write('\n');
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static HttpResponse receive(SocketChannel channel, String method) throws IOException {
        InputStream in = new BufferedInputStream(Channels.newInputStream(channel), BUFFER);
        Head head = readHead(in);
        return new HttpResponse(head.status(), head.headers(), body(in, head.headers(), method, head.status()), channel);
    }

    /** A response's status and headers (names lower-cased). */
    private record Head(int status, Map<String, String> headers) {}

    private static Head readHead(InputStream in) throws IOException {
        String statusLine = HttpLines.readLine(in);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("malformed HTTP response from daemon: " + statusLine);
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("malformed HTTP status from daemon: " + statusLine, e);
        }
        Map<String, String> headers = new HashMap<>();
        for (String line = HttpLines.readLine(in); !line.isEmpty(); line = HttpLines.readLine(in)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        return new Head(status, headers);
    }

    private static InputStream body(InputStream in, Map<String, String> headers, String method, int status) {
        if (method.equals("HEAD") || status == 204 || status == 304) {
            return InputStream.nullInputStream();
        }
        if ("chunked".equalsIgnoreCase(headers.getOrDefault("transfer-encoding", ""))) {
            return new ChunkedInputStream(in);
        }
        String length = headers.get("content-length");
        return length == null ? in : new BoundedInputStream(in, Long.parseLong(length));
    }

    private static void closeQuietly(SocketChannel channel, Exception cause) {
        try {
            channel.close();
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
