package dev.berth.engine.aot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.layout.BuiltImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Optional;

/**
 * The registry berthd's training pull reads from: one image, {@code trained:latest}, served from a content store on
 * loopback over plain HTTP — the Distribution API's read side only ({@code GET /v2/}, manifests by tag or digest,
 * blobs by digest), enough for a pull.
 */
final class TrainingRegistry implements AutoCloseable {
    static final String REPOSITORY = "trained";

    private final HttpServer server;
    private final ContentStore store;
    private final BuiltImage image;

    TrainingRegistry(ContentStore store, BuiltImage image) throws IOException {
        this.store = store;
        this.image = image;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/v2/", this::serve);
        server.start();
    }

    /** {@code 127.0.0.1:PORT}, the registry's host in image references. */
    String host() {
        return server.getAddress().getHostString() + ":" + server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String manifests = "/v2/" + REPOSITORY + "/manifests/";
            String blobs = "/v2/" + REPOSITORY + "/blobs/";
            if (path.equals("/v2/")) {
                send(exchange, "application/json", Optional.empty(), InputStream.nullInputStream(), 0);
            } else if (path.equals(manifests + "latest") || path.equals(manifests + image.manifest().digest())) {
                send(exchange, image.manifest().mediaType(), Optional.of(image.manifest().digest()),
                        store.newInputStream(image.manifest().digest()), image.manifest().size());
            } else if (path.startsWith(blobs) && store.info(Digest.parse(path.substring(blobs.length()))).isPresent()) {
                Digest digest = Digest.parse(path.substring(blobs.length()));
                send(exchange, "application/octet-stream", Optional.of(digest), store.newInputStream(digest),
                        store.info(digest).orElseThrow().size());
            } else {
                exchange.sendResponseHeaders(404, -1);
            }
        }
    }

    private static void send(HttpExchange exchange, String type, Optional<Digest> digest, InputStream body,
            long size) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", type);
        digest.ifPresent(d -> exchange.getResponseHeaders().set("Docker-Content-Digest", d.toString()));
        boolean head = exchange.getRequestMethod().equals("HEAD");
        exchange.sendResponseHeaders(200, head ? -1 : (size == 0 ? -1 : size));
        try (body; OutputStream out = exchange.getResponseBody()) {
            if (!head) {
                body.transferTo(out);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
