package dev.berth.registry.gc;

import static dev.berth.registry.testing.WholeImages.assertWhole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Tag;
import dev.berth.registry.storage.RegistryStorage;
import dev.berth.registry.testing.StorageImages;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pushes racing collections with no grace period at all: layers shared with garbage, pushed just before their
 * manifest, while the collector deletes whatever is unreferenced. A push may have to be retried (its layer was
 * collected before its manifest came, as the spec's {@code MANIFEST_BLOB_UNKNOWN} tells a client), but no push that
 * succeeded ever loses a manifest or a blob.
 */
class GcConcurrencyTest {
    private static final RepositoryName APP = RepositoryName.of("race/app");
    private static final int PUSHERS = 4;
    private static final int IMAGES_EACH = 25;

    @TempDir
    Path root;

    @Test
    @Timeout(300)
    void pushesDuringCollections_neverLoseAManifestOrABlob() throws Exception {
        RegistryStorage storage = RegistryStorage.open(root);
        StorageImages push = new StorageImages(storage);
        for (int i = 0; i < 40; i++) {
            push.image(APP, "garbage " + i, push.layer(APP, "popular layer " + (i % 5)), push.layer(APP, "junk " + i));
        }
        GarbageCollector gc = new GarbageCollector(storage, line -> { });
        AtomicBoolean pushing = new AtomicBoolean(true);
        AtomicInteger retries = new AtomicInteger();
        Map<String, Digest> acknowledged = new ConcurrentHashMap<>();
        List<GcReport> reports = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> collector = pool.submit(() -> {
                while (pushing.get()) {
                    reports.add(gc.collect(new GcOptions(false, Duration.ZERO)));
                }
                return null;
            });
            List<Future<?>> pushers = new ArrayList<>();
            for (int p = 0; p < PUSHERS; p++) {
                int pusher = p;
                pushers.add(pool.submit(() -> {
                    for (int i = 0; i < IMAGES_EACH; i++) {
                        String tag = "p" + pusher + "-" + i;
                        while (true) {
                            try {
                                Descriptor image = push.image(APP, tag,
                                        push.layer(APP, "popular layer " + (i % 5)),
                                        push.layer(APP, "own layer " + tag));
                                push.tag(APP, tag, image);
                                acknowledged.put(tag, image.digest());
                                break;
                            } catch (RegistryException collectedMeanwhile) {
                                retries.incrementAndGet();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : pushers) {
                f.get();
            }
            pushing.set(false);
            collector.get();
        }

        assertThat(acknowledged).hasSize(PUSHERS * IMAGES_EACH);
        assertThat(reports).hasSizeGreaterThanOrEqualTo(2);
        assertThat(reports.stream().mapToInt(r -> r.blobs().size()).sum()).as("garbage was collected").isPositive();
        Set<Digest> kept = new HashSet<>();
        for (Map.Entry<String, Digest> e : acknowledged.entrySet()) {
            assertThat(storage.tags().resolve(APP, new Tag(e.getKey()))).contains(e.getValue());
            assertWhole(storage, APP, e.getValue(), kept);
        }
        gc.collect(new GcOptions(false, Duration.ZERO));
        assertThat(storage.content().list()).extracting(BlobInfo::digest).containsExactlyInAnyOrderElementsOf(kept);
    }
}
