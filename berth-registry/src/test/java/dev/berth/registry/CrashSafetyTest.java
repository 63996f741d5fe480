package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.digest.Digest;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a registry process in the middle of uploads: after a restart every acknowledged blob is intact, every
 * stored blob matches its digest, and nothing of the uploads cut short is visible.
 */
class CrashSafetyTest {
    @TempDir
    Path root;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void kill9DuringUploads_restart_everyAcknowledgedBlobIntact_nothingHalfWrittenServed() throws Exception {
        int port = freePort();
        Map<Digest, byte[]> acknowledged = new ConcurrentHashMap<>();
        Map<Digest, String> unfinished = new ConcurrentHashMap<>();
        Process registry = startRegistry(port);
        AtomicBoolean running = new AtomicBoolean(true);
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int t = 0; t < 4; t++) {
                int seed = t;
                pool.submit(() -> pushUntilKilled(port, seed, acknowledged, running));
            }
            for (int t = 0; t < 2; t++) {
                int seed = 100 + t;
                pool.submit(() -> chunkUntilKilled(port, seed, unfinished, running));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while ((acknowledged.size() < 20 || unfinished.size() < 2) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            registry.destroyForcibly().waitFor();
            running.set(false);
        }
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(20);

        LocalContentStore content = LocalContentStore.open(root.resolve("content"));
        for (BlobInfo blob : content.list()) {
            byte[] bytes = Files.readAllBytes(content.path(blob.digest()));
            assertThat(Digest.sha256(bytes)).as("stored blob matches its name").isEqualTo(blob.digest());
        }

        Process restarted = startRegistry(port);
        try {
            for (Map.Entry<Digest, byte[]> e : acknowledged.entrySet()) {
                HttpResponse<byte[]> r = get(port, "/v2/crash/blobs/" + e.getKey());
                assertThat(r.statusCode()).isEqualTo(200);
                assertThat(r.body()).isEqualTo(e.getValue());
            }
            for (Map.Entry<Digest, String> e : unfinished.entrySet()) {
                assertThat(get(port, "/v2/crash/blobs/" + e.getKey()).statusCode()).isEqualTo(404);
                assertThat(get(port, e.getValue()).statusCode()).as("status of an upload cut short").isIn(204, 404);
            }
        } finally {
            restarted.destroyForcibly().waitFor();
        }
    }

    private void pushUntilKilled(int port, int seed, Map<Digest, byte[]> acknowledged, AtomicBoolean running) {
        Random random = new Random(seed);
        while (running.get()) {
            byte[] bytes = new byte[(1 << 20) + random.nextInt(3 << 20)];
            random.nextBytes(bytes);
            Digest d = Digest.sha256(bytes);
            try {
                HttpResponse<byte[]> r = send(port, "POST", "/v2/crash/blobs/uploads/?digest=" + d, bytes);
                if (r.statusCode() == 201) {
                    acknowledged.put(d, bytes);
                }
            } catch (IOException killed) {
                return;
            }
        }
    }

    private void chunkUntilKilled(int port, int seed, Map<Digest, String> unfinished, AtomicBoolean running) {
        Random random = new Random(seed);
        byte[] chunk = new byte[4 << 20];
        try {
            HttpResponse<byte[]> post = send(port, "POST", "/v2/crash/blobs/uploads/", null);
            String location = post.headers().firstValue("Location").orElseThrow();
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            long offset = 0;
            while (running.get()) {
                random.nextBytes(chunk);
                sha.update(chunk);
                HttpResponse<byte[]> r = send(port, "PATCH", location, chunk,
                        "Content-Range", offset + "-" + (offset + chunk.length - 1));
                offset += chunk.length;
                unfinished.put(Digest.of(dev.berth.oci.digest.DigestAlgorithm.SHA256,
                        ((java.security.MessageDigest) sha.clone()).digest()), location);
                location = r.headers().firstValue("Location").orElse(location);
            }
        } catch (IOException killed) {
            // the registry died under us: what we sent is the uncommitted part of the test
        } catch (java.security.GeneralSecurityException | CloneNotSupportedException e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<byte[]> get(int port, String path) throws IOException {
        return send(port, "GET", path, null);
    }

    private HttpResponse<byte[]> send(int port, String method, String path, byte[] body, String... headers)
            throws IOException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofByteArray(body));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private Process startRegistry(int port) throws IOException, InterruptedException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process p = new ProcessBuilder(List.of(java.toString(), "--enable-native-access=ALL-UNNAMED", "-cp",
                classPath, RegistryMain.class.getName(), "serve", "--addr", "127.0.0.1:" + port,
                "--root", root.toString()))
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("berth-registry listening on")) {
                Thread.ofVirtual().start(() -> drain(p.getInputStream()));
                return p;
            }
        }
        throw new IllegalStateException("registry exited with " + p.waitFor() + " before listening");
    }

    private static void drain(InputStream in) {
        try {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException closed) {
            // the process is gone
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
