package dev.berth.cli.e2e;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A scripted Engine API daemon on a unix socket: answers {@code /_ping} with a chosen {@code Api-Version} and every
 * other request with what the script returns, recording the requests. Both berth and the docker CLI can be pointed
 * at it, so their requests and their rendering of the very same answer can be compared byte for byte.
 */
final class ReplayDaemon implements AutoCloseable {
    private final Path socket;
    private final ServerSocketChannel server;
    private final Optional<String> apiVersion;
    private final Function<Request, Response> script;
    private final List<Request> requests = new CopyOnWriteArrayList<>();

    ReplayDaemon(Path socket, Optional<String> apiVersion, Function<Request, Response> script) {
        this.socket = socket;
        this.apiVersion = apiVersion;
        this.script = script;
        try {
            Files.deleteIfExists(socket);
            server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
            server.bind(UnixDomainSocketAddress.of(socket));
        } catch (IOException e) {
            throw new UncheckedIOException("listen on " + socket, e);
        }
        Thread.ofVirtual().start(this::acceptLoop);
    }

    String host() {
        return "unix://" + socket;
    }

    /** Requests other than pings, in arrival order. */
    List<Request> requests() {
        return requests.stream().filter(r -> !r.path().equals("/_ping")).toList();
    }

    void clear() {
        requests.clear();
    }

    private void acceptLoop() {
        while (server.isOpen()) {
            try {
                SocketChannel c = server.accept();
                Thread.ofVirtual().start(() -> serve(c));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(SocketChannel channel) {
        try (channel) {
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel));
            OutputStream out = Channels.newOutputStream(channel);
            while (true) {
                Optional<Request> request = read(in);
                if (request.isEmpty()) {
                    return;
                }
                Request r = request.get();
                requests.add(r);
                Response response = r.path().equals("/_ping") ? ping(r) : script.apply(r);
                write(out, r.method().equals("HEAD") ? new Response(response.status(), response.headers(), new byte[0],
                        response.body().length) : response);
            }
        } catch (IOException e) {
            // the client hung up, as the docker CLI does after reading a whole answer
        }
    }

    private Response ping(Request r) {
        Map<String, String> headers = new TreeMap<>();
        apiVersion.ifPresent(v -> headers.put("Api-Version", v));
        headers.put("Ostype", "linux");
        headers.put("Content-Type", "text/plain; charset=utf-8");
        return new Response(200, headers, "OK".getBytes(StandardCharsets.UTF_8), 2);
    }

    private static Optional<Request> read(InputStream in) throws IOException {
        String requestLine = line(in);
        if (requestLine == null || requestLine.isEmpty()) {
            return Optional.empty();
        }
        Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
            int colon = l.indexOf(':');
            headers.put(l.substring(0, colon).trim(), l.substring(colon + 1).trim());
        }
        byte[] body = new byte[0];
        if ("chunked".equalsIgnoreCase(headers.get("Transfer-Encoding"))) {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            for (int size = Integer.parseInt(line(in).split(";")[0].trim(), 16); size > 0;
                    size = Integer.parseInt(line(in).split(";")[0].trim(), 16)) {
                b.write(in.readNBytes(size));
                line(in);
            }
            line(in);
            body = b.toByteArray();
        } else if (headers.containsKey("Content-Length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("Content-Length")));
        }
        String[] parts = requestLine.split(" ");
        return Optional.of(new Request(parts[0], parts[1], headers, body));
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.ISO_8859_1);
    }

    private static void write(OutputStream out, Response r) throws IOException {
        StringBuilder head = new StringBuilder("HTTP/1.1 " + r.status() + " X\r\n");
        r.headers().forEach((k, v) -> head.append(k).append(": ").append(v).append("\r\n"));
        head.append("Content-Length: ").append(r.contentLength()).append("\r\n\r\n");
        out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
        out.write(r.body());
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        Files.deleteIfExists(socket);
    }

    /** A recorded request; {@code target} is path and query as sent. */
    record Request(String method, String target, Map<String, String> headers, byte[] body) {
        String path() {
            int q = target.indexOf('?');
            String p = q < 0 ? target : target.substring(0, q);
            return p.replaceFirst("^/v[0-9]+\\.[0-9]+", "");
        }

        String header(String name) {
            return headers.getOrDefault(name, "");
        }

        @Override
        public String toString() {
            return method + " " + target;
        }
    }

    /** A scripted answer; {@code contentLength} may differ from the body for HEAD. */
    record Response(int status, Map<String, String> headers, byte[] body, int contentLength) {
        static Response json(int status, String json) {
            byte[] b = json.getBytes(StandardCharsets.UTF_8);
            return new Response(status, Map.of("Content-Type", "application/json"), b, b.length);
        }

        static Response stream(String... lines) {
            byte[] b = (String.join("\r\n", lines) + "\r\n").getBytes(StandardCharsets.UTF_8);
            return new Response(200, Map.of("Content-Type", "application/json"), b, b.length);
        }

        static Response text(int status, String text) {
            byte[] b = text.getBytes(StandardCharsets.UTF_8);
            return new Response(status, Map.of("Content-Type", "text/plain; charset=utf-8"), b, b.length);
        }
    }

}
