package dev.berth.registry.gc;

import static dev.berth.registry.testing.WholeImages.assertWhole;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Tag;
import dev.berth.registry.storage.RegistryStorage;
import dev.berth.registry.testing.StorageImages;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code berth-registry gc} killed with SIGKILL in the middle of its sweep, while this process pushes beside it: every
 * image tagged before or during the collection is whole, no manifest left in any repository misses anything it
 * references, and the next collection finishes the work.
 */
class GcCrashTest {
    private static final RepositoryName APP = RepositoryName.of("crash/app");
    private static final RepositoryName BASE = RepositoryName.of("crash/base");
    private static final int GARBAGE_IMAGES = 300;

    @TempDir
    Path root;

    @ParameterizedTest(name = "killed after {0} deletions")
    @ValueSource(ints = {10, 900})
    @Timeout(300)
    void aCollectorKilledMidSweep_leavesTaggedImagesWhole_andNoManifestMissingWhatItReferences(int deletions)
            throws Exception {
        RegistryStorage storage = RegistryStorage.open(root);
        StorageImages push = new StorageImages(storage);
        List<Descriptor> garbageLayers = seed(push);

        Process gc = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "dev.berth.registry.RegistryMain",
                "gc", "--root", root.toString(), "--grace", "0")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(gc.getInputStream(),
                StandardCharsets.UTF_8))) {
            awaitLine(out, l -> l.contains("eligible for deletion"));
            // The mark is over: push images made of layers the collector found unreferenced.
            for (int i = 0; i < 3; i++) {
                Descriptor image = push.image(APP, "pushed during gc " + i, garbageLayers.get(i));
                push.tag(APP, "during-" + i, image);
            }
            int seen = 0;
            while (seen < deletions) {
                seen += awaitLine(out, l -> l.startsWith("deleting ")) ? 1 : 0;
            }
            // Stop reading: the collector blocks once the pipe is full, deep inside its sweep.
            gc.destroyForcibly();
            assertThat(gc.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(gc.exitValue()).as("killed, not finished").isEqualTo(137);
        } finally {
            gc.destroyForcibly().waitFor();
        }

        RegistryStorage reopened = RegistryStorage.open(root);
        Set<Digest> tagged = assertTaggedImagesWhole(reopened);
        assertNoManifestMissesItsReferences(reopened);
        for (BlobInfo blob : reopened.content().list()) {
            try (InputStream in = reopened.content().newInputStream(blob.digest())) {
                assertThat(Digest.sha256(in.readAllBytes())).isEqualTo(blob.digest());
            }
        }

        GcReport rest = new GarbageCollector(reopened, l -> { })
                .collect(new GcOptions(false, Duration.ZERO));
        assertThat(rest.blobs()).isNotEmpty();
        assertThat(assertTaggedImagesWhole(RegistryStorage.open(root))).isEqualTo(tagged);
        assertThat(reopened.content().list()).extracting(BlobInfo::digest).containsExactlyInAnyOrderElementsOf(tagged);
    }

    /** Tagged images in two repositories, one multi-platform, and many untagged ones with layers of their own. */
    private static List<Descriptor> seed(StorageImages push) {
        Descriptor shared = push.layer(BASE, "base layer");
        push.tag(BASE, "latest", push.image(BASE, "base", shared));
        Descriptor amd64 = push.image(APP, "amd64", push.layer(APP, "base layer"), push.layer(APP, "amd64"));
        Descriptor arm64 = push.image(APP, "arm64", push.layer(APP, "arm64"));
        push.tag(APP, "multi", push.index(APP, amd64, arm64));
        List<Descriptor> garbageLayers = new ArrayList<>();
        for (int i = 0; i < GARBAGE_IMAGES; i++) {
            Descriptor layer = push.layer(APP, "garbage layer " + i);
            garbageLayers.add(layer);
            Descriptor image = push.image(APP, "garbage " + i, layer);
            if (i % 10 == 0) {
                push.index(APP, image);
            }
        }
        return garbageLayers;
    }

    /** Every tagged manifest and all it references is in its repository and stored; returns those digests. */
    private static Set<Digest> assertTaggedImagesWhole(RegistryStorage storage) {
        Set<Digest> all = new HashSet<>();
        for (RepositoryName repo : storage.repositories()) {
            for (Tag tag : storage.tags().list(repo)) {
                Digest d = storage.tags().resolve(repo, tag).orElseThrow();
                assertWhole(storage, repo, d, all);
            }
        }
        assertThat(all).isNotEmpty();
        return all;
    }

    private static void assertNoManifestMissesItsReferences(RegistryStorage storage) {
        for (RepositoryName repo : storage.repositories()) {
            for (Digest m : storage.manifests().list(repo)) {
                assertWhole(storage, repo, m, new HashSet<>());
            }
        }
    }

    private static boolean awaitLine(BufferedReader out, java.util.function.Predicate<String> wanted)
            throws java.io.IOException {
        String line;
        while ((line = out.readLine()) != null) {
            if (wanted.test(line)) {
                return true;
            }
        }
        throw new AssertionError("gc ended before the expected line");
    }
}
