package dev.berth.client.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP front for a registry that misbehaves on purpose: it cuts blob downloads after some bytes (a network
 * cut, or a registry killed mid-blob when {@link #pauseBlobsAfter} holds the cut until the test has killed it), sends
 * blob downloads elsewhere with {@code 307} (to its own second origin, as registries redirect to storage), and may
 * demand Basic credentials of its own. It records what it received.
 */
public final class FrontProxy implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("connection", "content-length", "transfer-encoding", "host",
            "keep-alive", "upgrade", "date");

    /** One request as received by either origin. */
    public record Seen(String origin, String method, String path, Optional<String> range,
            Optional<String> authorization) {}

    private final URI upstream;
    private final HttpServer front;
    private final HttpServer storage;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).build();
    private final List<Seen> seen = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger cutsLeft = new AtomicInteger();
    private volatile long cutAfter = Long.MAX_VALUE;
    private volatile boolean redirectBlobs;
    private volatile Optional<String> requiredAuthorization = Optional.empty();
    private volatile CountDownLatch paused = new CountDownLatch(0);
    private volatile CountDownLatch release = new CountDownLatch(0);
    private volatile boolean cutOnRelease = true;

    public FrontProxy(URI upstream) throws IOException {
        this.upstream = upstream;
        this.front = server("front");
        this.storage = server("storage");
    }

    private HttpServer server(String name) throws IOException {
        HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        s.createContext("/", ex -> handle(name, ex));
        s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        s.start();
        return s;
    }

    /** {@code 127.0.0.1:PORT} of the front: the registry domain clients use. */
    public String host() {
        return "127.0.0.1:" + front.getAddress().getPort();
    }

    public List<Seen> seen() {
        return List.copyOf(seen);
    }

    public void clearSeen() {
        seen.clear();
    }

    /** The next {@code times} blob downloads are cut after {@code bytes} bytes of body. */
    public void cutBlobsAfter(long bytes, int times) {
        cutAfter = bytes;
        cutsLeft.set(times);
    }

    /**
     * The next blob download stops after {@code bytes} bytes and waits; {@link #awaitPaused} returns once it does,
     * and {@link #releaseCut} ends it by closing the connection.
     */
    public void pauseBlobsAfter(long bytes) {
        paused = new CountDownLatch(1);
        release = new CountDownLatch(1);
        cutOnRelease = true;
        cutBlobsAfter(bytes, 1);
    }

    /** Like {@link #pauseBlobsAfter}, but {@link #releaseCut} lets the download go on to its end. */
    public void holdBlobsAfter(long bytes) {
        pauseBlobsAfter(bytes);
        cutOnRelease = false;
    }

    public void awaitPaused() throws InterruptedException {
        paused.await();
    }

    public void releaseCut() {
        release.countDown();
    }

    public void redirectBlobs(boolean on) {
        redirectBlobs = on;
    }

    /** The front answers 401 with a Basic challenge unless given exactly this {@code Authorization}. */
    public void requireAuthorization(String value) {
        requiredAuthorization = Optional.of(value);
    }

    private void handle(String origin, HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getRawPath();
            String query = ex.getRequestURI().getRawQuery();
            seen.add(new Seen(origin, ex.getRequestMethod(), path,
                    Optional.ofNullable(ex.getRequestHeaders().getFirst("Range")),
                    Optional.ofNullable(ex.getRequestHeaders().getFirst("Authorization"))));
            boolean blob = path.contains("/blobs/sha256:") && ex.getRequestMethod().equals("GET");
            if (origin.equals("front") && requiredAuthorization.isPresent()
                    && !requiredAuthorization.get().equals(ex.getRequestHeaders().getFirst("Authorization"))) {
                ex.getResponseHeaders().add("WWW-Authenticate", "Basic realm=\"front\"");
                ex.sendResponseHeaders(401, -1);
                return;
            }
            if (origin.equals("front") && blob && redirectBlobs) {
                ex.getResponseHeaders().add("Location", "http://127.0.0.1:" + storage.getAddress().getPort() + path
                        + "?signed=1");
                ex.sendResponseHeaders(307, -1);
                return;
            }
            forward(ex, path + (query == null || origin.equals("storage") ? "" : "?" + query), blob);
        }
    }

    private void forward(HttpExchange ex, String pathAndQuery, boolean blob) throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(upstream + pathAndQuery));
        ex.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.equalsIgnoreCase("Authorization")
                    || name.equalsIgnoreCase("Authorization") && requiredAuthorization.isEmpty()) {
                values.forEach(v -> b.header(name, v));
            }
        });
        byte[] body = ex.getRequestBody().readAllBytes();
        b.method(ex.getRequestMethod(), body.length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        HttpResponse<InputStream> r;
        try {
            r = client.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        } catch (IOException e) {
            ex.sendResponseHeaders(502, -1);
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        r.headers().map().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase()) && !name.equals(":status")) {
                values.forEach(v -> ex.getResponseHeaders().add(name, rewrite(name, v)));
            }
        });
        long length = r.headers().firstValueAsLong("Content-Length").orElse(0);
        boolean head = ex.getRequestMethod().equals("HEAD");
        ex.sendResponseHeaders(r.statusCode(), head || length == 0 ? -1 : length);
        try (InputStream in = r.body(); OutputStream out = ex.getResponseBody()) {
            if (head) {
                return;
            }
            if (blob && length > cutAfter && cutsLeft.getAndDecrement() > 0) {
                out.write(in.readNBytes((int) cutAfter));
                out.flush();
                paused.countDown();
                awaitRelease();
                if (cutOnRelease) {
                    throw new IOException("cut by the test after " + cutAfter + " bytes");
                }
            }
            in.transferTo(out);
        }
    }

    private String rewrite(String name, String value) {
        // Upload locations name the registry; clients must come back through the front.
        return name.equalsIgnoreCase("Location") ? value.replace(upstream.toString(), "http://" + host()) : value;
    }

    private void awaitRelease() throws IOException {
        try {
            release.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    @Override
    public void close() {
        front.stop(0);
        storage.stop(0);
        client.close();
    }
}
