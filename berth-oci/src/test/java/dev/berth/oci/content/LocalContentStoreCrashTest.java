package dev.berth.oci.content;

import static dev.berth.oci.content.ContentStoreContract.assertFails;
import static dev.berth.oci.content.ContentStoreContract.randomBytes;
import static dev.berth.oci.content.ContentStoreContract.readAll;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorKind;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Writers that die: what they leave in {@code ingest/} is resumable or cleaned up, and never visible as a blob. */
class LocalContentStoreCrashTest {
    @TempDir
    Path root;

    LocalContentStore store;

    @BeforeEach
    void open() {
        store = LocalContentStore.open(root);
    }

    @AfterEach
    void nothingHalfWrittenIsABlob() {
        for (BlobInfo blob : store.list()) {
            assertThat(Digest.sha256(readAll(store, blob.digest()))).isEqualTo(blob.digest());
        }
    }

    @Test
    @Timeout(60)
    void aKilledWriterProcess_holdsItsRefWhileAlive_andItsIngestResumesAfterTheKill() throws Exception {
        int size = 3_000_000;
        byte[] content = randomBytes(size, 7);
        Digest digest = Digest.sha256(content);
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), IngestHolder.class.getName(),
                root.toString(), "upload-1", Integer.toString(size), "7", "1234567")
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try {
            String line = new BufferedReader(new InputStreamReader(child.getInputStream())).readLine();
            assertThat(line).isEqualTo("holding 1234567");

            assertFails(() -> store.writer("upload-1", Optional.of(digest), OptionalLong.of(size)),
                    ErrorKind.CONFLICT, "ref upload-1 locked");
            assertFails(() -> store.abort("upload-1"), ErrorKind.CONFLICT);
            assertThat(store.abortOlderThan(Duration.ZERO)).isZero();
            assertThat(store.status("upload-1").orElseThrow().offset()).isEqualTo(1_234_567);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(store.info(digest)).isEmpty();

        try (BlobWriter w = store.writer("upload-1", Optional.of(digest), OptionalLong.of(size))) {
            assertThat(w.offset()).isEqualTo(1_234_567);
            w.write(content, 1_234_567, size - 1_234_567);
            w.commit(digest, size);
        }
        assertThat(readAll(store, digest)).isEqualTo(content);
    }

    @Test
    void aPartialIngestLeftWithItsLockFile_isListed_andResumed() throws IOException {
        byte[] content = randomBytes(5000, 8);
        Digest digest = Digest.sha256(content);
        Map<String, Object> files = completeIngest("r1", content, 3000, digest);
        files.put("lock", "");
        files.put("ref.tmp", "half-writ");
        leaveIngest("r1", files);

        assertThat(store.ingests()).extracting(IngestStatus::ref, IngestStatus::offset)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("r1", 3000L));
        try (BlobWriter w = store.writer("r1", Optional.of(digest), OptionalLong.of(5000))) {
            assertThat(w.offset()).isEqualTo(3000);
            w.write(content, 3000, 2000);
            w.commit(digest, 5000);
        }
        assertThat(readAll(store, digest)).isEqualTo(content);
        assertThat(root.resolve("ingest")).isEmptyDirectory();
    }

    @Test
    void ingestsWithUnreadableState_areNotListed_andStartOverWhenReopened() throws IOException {
        byte[] content = randomBytes(5000, 9);
        Digest digest = Digest.sha256(content);
        Map<String, Object> noRef = completeIngest("no-ref", content, 100, digest);
        noRef.remove("ref");
        leaveIngest("no-ref", noRef);
        Map<String, Object> badTotal = completeIngest("bad-total", content, 100, digest);
        badTotal.put("total", "12x");
        leaveIngest("bad-total", badTotal);
        Map<String, Object> badDigest = completeIngest("bad-digest", content, 100, digest);
        badDigest.put("expected", "sha256:nothex");
        leaveIngest("bad-digest", badDigest);
        Map<String, Object> badTime = completeIngest("bad-time", content, 100, digest);
        badTime.put("startedat", "yesterday");
        leaveIngest("bad-time", badTime);
        leaveIngest("other-ref", completeIngest("not-other-ref", content, 100, digest));
        Map<String, Object> tooLong = completeIngest("too-long", content, 100, digest);
        tooLong.put("total", "50");
        leaveIngest("too-long", tooLong);

        assertThat(store.ingests()).isEmpty();
        for (String ref : new String[] {"no-ref", "bad-total", "bad-digest", "bad-time", "other-ref", "too-long"}) {
            try (BlobWriter w = store.writer(ref, Optional.of(digest), OptionalLong.of(5000))) {
                assertThat(w.offset()).as(ref).isZero();
                w.write(content);
                w.commit(digest, 5000);
            }
        }
        assertThat(store.list()).extracting(BlobInfo::digest).containsExactly(digest);
        assertThat(root.resolve("ingest")).isEmptyDirectory();
    }

    @Test
    void debrisOfCrashedWriters_isRemovedByAbortOlderThan() throws IOException {
        byte[] content = randomBytes(5000, 10);
        Map<String, Object> noRef = completeIngest("no-ref", content, 100, Digest.sha256(content));
        noRef.remove("ref");
        leaveIngest("no-ref", noRef);
        leaveIngest("only-lock", new LinkedHashMap<>(Map.of("lock", "")));
        Files.createDirectories(root.resolve("ingest/" + Digest.sha256("empty").encoded()));
        leaveIngest("valid", completeIngest("valid", content, 100, Digest.sha256(content)));

        assertThat(store.abortOlderThan(Duration.ZERO)).isEqualTo(4);

        assertThat(root.resolve("ingest")).isEmptyDirectory();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void abortOf_anIngestWithoutState_removesIt() throws IOException {
        leaveIngest("only-lock", new LinkedHashMap<>(Map.of("lock", "")));

        store.abort("only-lock");

        assertThat(root.resolve("ingest")).isEmptyDirectory();
    }

    private static Map<String, Object> completeIngest(String ref, byte[] content, int stored, Digest expected) {
        Map<String, Object> files = new LinkedHashMap<>();
        files.put("data", Arrays.copyOf(content, stored));
        files.put("ref", ref);
        files.put("total", Integer.toString(content.length));
        files.put("expected", expected.toString());
        files.put("startedat", Instant.now().minusSeconds(60).toString());
        return files;
    }

    /** Writes what a writer killed mid-way leaves behind, for the ingest directory of {@code ref}. */
    private void leaveIngest(String ref, Map<String, Object> files) throws IOException {
        Path dir = root.resolve("ingest/" + Digest.sha256(ref).encoded());
        Files.createDirectories(dir);
        for (Map.Entry<String, Object> f : files.entrySet()) {
            if (f.getValue() instanceof byte[] bytes) {
                Files.write(dir.resolve(f.getKey()), bytes);
            } else {
                Files.writeString(dir.resolve(f.getKey()), (String) f.getValue());
            }
        }
    }
}
