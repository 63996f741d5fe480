package dev.berth.engine.aot;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.layer.LayerDiff;
import dev.berth.oci.layout.BuiltImage;
import dev.berth.oci.layout.ImageBuilder;
import dev.berth.oci.spec.Platform;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * The registry berthd's training pull reads from: one image, {@code trained:latest}, served from a content store on
 * loopback over plain HTTP — the Distribution API's read side only ({@code GET /v2/}, manifests by tag or digest,
 * blobs by digest), enough for a pull.
 *
 * <p>It runs in a JVM of its own ({@link #start}, {@link #main}), so that neither its HTTP server nor the building
 * of its image lands in the daemon's AOT cache: ~190 classes (1.4 MB of the cache) that every daemon start would map
 * and load.
 */
final class TrainingRegistry implements AutoCloseable {
    static final String REPOSITORY = "trained";
    /** Symlinks in the training image, about as many as busybox's applets. */
    private static final int LINKS = 300;

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

    /**
     * {@code TrainingRegistry DIR}: builds the image under {@code DIR} ({@code rootfs}, {@code registry}), serves it,
     * prints its host as the first line and serves until its standard input ends (the training closed it, or ended).
     */
    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args[0]);
        LocalContentStore store = LocalContentStore.open(dir.resolve("registry"));
        try (TrainingRegistry registry = new TrainingRegistry(store, image(dir.resolve("rootfs"), store))) {
            System.out.println(registry.host());
            System.out.flush();
            System.in.transferTo(OutputStream.nullOutputStream());
        }
    }

    /** Starts the registry's JVM on {@code dir} (this JVM's java and class path) and waits for its host. */
    static Running start(Path dir) throws IOException {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                TrainingRegistry.class.getName(), dir.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String host = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII))
                .readLine();
        if (host == null) {
            process.destroy();
            throw new IOException("training registry: ended before serving (exit " + waitFor(process) + ")");
        }
        return new Running(process, host);
    }

    private static int waitFor(Process process) {
        try {
            return process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /** The registry's running JVM; closing it closes the JVM's standard input and waits for it to end. */
    record Running(Process process, String host) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            process.getOutputStream().close();
            waitFor(process);
        }
    }

    /**
     * A base image's shape, so that the pulls train what unpacking a real one runs: a binary, a directory of
     * symlinks to it (as busybox's applets), nested directories, small files and a hard link.
     */
    private static BuiltImage image(Path rootfs, LocalContentStore store) throws IOException {
        Files.createDirectories(rootfs.resolve("bin"));
        Path busybox = Path.of("/bin/busybox");
        if (Files.isRegularFile(busybox)) {
            Files.copy(busybox, rootfs.resolve("bin/busybox"), StandardCopyOption.COPY_ATTRIBUTES);
        }
        for (int i = 0; i < LINKS; i++) {
            Files.createSymbolicLink(rootfs.resolve("bin/applet" + i), Path.of("busybox"));
        }
        for (String d : List.of("etc", "home", "root", "tmp", "usr/bin", "usr/sbin", "var/www")) {
            Files.createDirectories(rootfs.resolve(d));
        }
        Files.writeString(rootfs.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
        Files.writeString(rootfs.resolve("etc/group"), "root:x:0:\n");
        Files.createLink(rootfs.resolve("etc/group-"), rootfs.resolve("etc/group"));
        return ImageBuilder.forPlatform(Platform.host()).layer(LayerDiff.ofTree(rootfs), "COPY busybox /bin/")
                .cmd(List.of("/bin/busybox", "echo", "trained")).build(store);
    }
}
