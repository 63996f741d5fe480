package dev.berth.registry.gc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.Registry;
import dev.berth.registry.RegistryFeatures;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.storage.RegistryStorage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Scheduled collection inside a serving registry, every 100 ms with no grace period, while clients push over HTTP and
 * delete tags: every push the registry acknowledged stays pullable, and what was untagged goes.
 */
class GcServerTest {
    private static final int PUSHERS = 3;
    private static final int IMAGES_EACH = 12;

    @TempDir
    Path root;

    Registry registry;
    RegistryFeatures features;
    final AtomicInteger runs = new AtomicInteger();
    final AtomicInteger failedRuns = new AtomicInteger();
    final HttpClient http = HttpClient.newHttpClient();
    String base;

    @BeforeEach
    void start() {
        RegistryConfig config = RegistryConfig.parse("""
                addr: 127.0.0.1:0
                root: %s
                gc:
                  enabled: true
                  interval: 100ms
                  grace: 0
                """.formatted(root));
        features = RegistryFeatures.from(config, Clock.systemUTC());
        registry = Registry.start(config, RegistryStorage.open(root), features.hooks(), succeeded -> {
            features.metrics().gcRunCompleted(succeeded);
            (succeeded ? runs : failedRuns).incrementAndGet();
        });
        base = "http://127.0.0.1:" + registry.port() + "/v2/";
    }

    @AfterEach
    void stop() {
        registry.close();
        features.close();
    }

    @Test
    @Timeout(300)
    void pushesDuringScheduledCollections_stayPullable_andUntaggedImagesGo() throws Exception {
        Map<String, Pushed> acknowledged = new ConcurrentHashMap<>();
        Map<String, Pushed> untagged = new ConcurrentHashMap<>();
        AtomicInteger retries = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> pushers = new ArrayList<>();
            for (int p = 0; p < PUSHERS; p++) {
                int pusher = p;
                pushers.add(pool.submit(() -> {
                    for (int i = 0; i < IMAGES_EACH; i++) {
                        String tag = "p" + pusher + "-" + i;
                        Pushed image;
                        while ((image = push("race/app", tag, "popular " + (i % 3), "own " + tag)) == null) {
                            retries.incrementAndGet();
                        }
                        if (i % 3 == 0) {
                            assertThat(send("DELETE", "race/app/manifests/" + tag).statusCode()).isEqualTo(202);
                            untagged.put(tag, image);
                        } else {
                            acknowledged.put(tag, image);
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : pushers) {
                f.get();
            }
        }
        int after = runs.get();
        while (runs.get() < after + 2) {
            Thread.sleep(20);
        }

        assertThat(failedRuns).hasValue(0);
        HttpResponse<String> metrics = http.send(HttpRequest.newBuilder(URI.create(base.replace("/v2/", "/metrics")))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.body()).containsPattern("(?m)^berth_registry_gc_runs_total [1-9][0-9]*$")
                .contains("berth_registry_gc_failures_total 0");
        for (Map.Entry<String, Pushed> e : acknowledged.entrySet()) {
            HttpResponse<byte[]> m = get("race/app/manifests/" + e.getKey());
            assertThat(m.statusCode()).as("tag %s", e.getKey()).isEqualTo(200);
            assertThat(Digest.sha256(m.body())).isEqualTo(e.getValue().manifest());
            for (Digest blob : e.getValue().blobs()) {
                HttpResponse<byte[]> b = get("race/app/blobs/" + blob);
                assertThat(b.statusCode()).as("blob %s of %s", blob, e.getKey()).isEqualTo(200);
                assertThat(Digest.sha256(b.body())).isEqualTo(blob);
            }
        }
        for (Map.Entry<String, Pushed> e : untagged.entrySet()) {
            assertThat(get("race/app/manifests/" + e.getValue().manifest()).statusCode())
                    .as("untagged %s collected", e.getKey()).isEqualTo(404);
            assertThat(get("race/app/blobs/" + e.getValue().blobs().getLast()).statusCode()).isEqualTo(404);
        }
    }

    /** What one push left: the manifest and its blobs, config first, own layer last. */
    record Pushed(Digest manifest, List<Digest> blobs) {}

    /** Pushes config + two layers + manifest by tag; null when the registry refused it (collected meanwhile). */
    private Pushed push(String repo, String tag, String sharedLayer, String ownLayer) throws Exception {
        List<String> contents = List.of("{\"architecture\":\"amd64\",\"os\":\"linux\",\"tag\":\"" + tag + "\"}",
                sharedLayer, ownLayer);
        List<Digest> digests = new ArrayList<>();
        List<String> descriptors = new ArrayList<>();
        for (int i = 0; i < contents.size(); i++) {
            byte[] bytes = contents.get(i).getBytes(StandardCharsets.UTF_8);
            Digest d = Digest.sha256(bytes);
            HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + repo + "/blobs/uploads/?digest="
                    + d)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(r.statusCode()).isEqualTo(201);
            digests.add(d);
            descriptors.add("{\"mediaType\":\"" + (i == 0 ? "application/vnd.oci.image.config.v1+json"
                    : "application/vnd.oci.image.layer.v1.tar") + "\",\"digest\":\"" + d + "\",\"size\":"
                    + bytes.length + "}");
        }
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":" + descriptors.getFirst() + ",\"layers\":["
                + String.join(",", descriptors.subList(1, descriptors.size())) + "]}";
        byte[] body = manifest.getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(URI.create(base + repo + "/manifests/" + tag))
                .header("Content-Type", "application/vnd.oci.image.manifest.v1+json")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() == 400 && new String(r.body(), StandardCharsets.UTF_8).contains("MANIFEST_BLOB_UNKNOWN")) {
            return null;
        }
        assertThat(r.statusCode()).as(new String(r.body(), StandardCharsets.UTF_8)).isEqualTo(201);
        return new Pushed(Digest.sha256(body), digests);
    }

    private HttpResponse<byte[]> get(String path) throws Exception {
        return send("GET", path);
    }

    private HttpResponse<byte[]> send(String method, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(base + path)).method(method,
                HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
