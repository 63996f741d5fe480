package dev.berth.oci.content;

import static dev.berth.oci.content.ContentStoreContract.assertFails;
import static dev.berth.oci.content.ContentStoreContract.randomBytes;
import static dev.berth.oci.content.ContentStoreContract.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ContentStore} must show for ingests that are not committed at once: status, locking by
 * ref, resumption, abort and cleanup. An implementation's test extends it and says how to make an empty store.
 */
public abstract class ContentStoreIngestContract {
    protected ContentStore store;

    /** A new, empty store. */
    protected abstract ContentStore createStore() throws Exception;

    @BeforeEach
    void createEmptyStore() throws Exception {
        store = createStore();
    }

    private BlobWriter writer(String ref, byte[] content) {
        return store.writer(ref, Optional.of(Digest.sha256(content)), OptionalLong.of(content.length));
    }

    @Test
    void status_reportsOffsetAndPromises_whileWriting() {
        byte[] content = randomBytes(3000, 5);
        try (BlobWriter w = writer("r1", content)) {
            w.write(content, 0, 1200);

            IngestStatus status = store.status("r1").orElseThrow();

            assertThat(status.ref()).isEqualTo("r1");
            assertThat(status.offset()).isEqualTo(1200).isEqualTo(w.offset());
            assertThat(status.total()).hasValue(3000);
            assertThat(status.expected()).contains(Digest.sha256(content));
            assertThat(status.updatedAt()).isAfterOrEqualTo(status.startedAt().minusSeconds(1));
            assertThat(store.ingests()).containsExactly(status);
        }
    }

    @Test
    void commit_withTooFewBytes_isCorrupted_andKeepsTheIngestForResumption() {
        byte[] content = randomBytes(4000, 10);
        BlobWriter w = writer("r1", content);
        w.write(content, 0, 2500);

        assertFails(() -> w.commit(Digest.sha256(content), content.length), ErrorKind.DATA_CORRUPTED,
                "2500 of 4000");

        assertThat(w.isOpen()).isFalse();
        assertThat(store.list()).isEmpty();
        assertThat(store.status("r1").orElseThrow().offset()).isEqualTo(2500);
        try (BlobWriter resumed = writer("r1", content)) {
            resumed.write(content, 2500, 1500);
            resumed.commit(Digest.sha256(content), content.length);
        }
        assertThat(readAll(store, Digest.sha256(content))).isEqualTo(content);
    }

    @Test
    void commit_underAnAlgorithmNotDigested_isRefused_andTheIngestCanResumeWithIt() {
        byte[] content = randomBytes(500, 13);
        Digest sha512 = Digest.of(DigestAlgorithm.SHA512, DigestAlgorithm.SHA512.newMessageDigest().digest(content));
        BlobWriter w = store.writer("r1", Optional.empty(), OptionalLong.empty());
        w.write(content);

        assertFails(() -> w.commit(sha512, content.length), ErrorKind.INVALID_ARGUMENT, "sha256", "sha512");

        try (BlobWriter resumed = store.writer("r1", Optional.of(sha512), OptionalLong.of(content.length))) {
            assertThat(resumed.offset()).isEqualTo(content.length);
            assertThat(resumed.commit().digest()).isEqualTo(sha512);
        }
        assertThat(readAll(store, sha512)).isEqualTo(content);
    }

    @Test
    void writer_ofARefHeldByAnotherWriter_isConflict_untilReleased() {
        BlobWriter first = store.writer("shared", Optional.empty(), OptionalLong.empty());

        assertFails(() -> store.writer("shared", Optional.empty(), OptionalLong.empty()), ErrorKind.CONFLICT,
                "ref shared locked");

        first.close();
        store.writer("shared", Optional.empty(), OptionalLong.empty()).close();
    }

    @Test
    void writer_closedMidway_isResumedAtItsOffset() {
        byte[] content = randomBytes(1_500_000, 16);
        try (BlobWriter w = writer("resume-me", content)) {
            w.write(content, 0, 600_000);
        }
        try (BlobWriter w = writer("resume-me", content)) {
            assertThat(w.offset()).isEqualTo(600_000);
            w.write(content, 600_000, content.length - 600_000);
            w.commit(Digest.sha256(content), content.length);
        }
        assertThat(readAll(store, Digest.sha256(content))).isEqualTo(content);
    }

    @Test
    void writer_resumedWithoutPromises_keepsTheStoredOnes() {
        byte[] content = randomBytes(800, 17);
        try (BlobWriter w = writer("r1", content)) {
            w.write(content, 0, 100);
        }
        try (BlobWriter w = store.writer("r1", Optional.empty(), OptionalLong.empty())) {
            assertThat(store.status("r1").orElseThrow().expected()).contains(Digest.sha256(content));
            assertFails(() -> w.write(new byte[701]), ErrorKind.DATA_CORRUPTED, "800");
        }
    }

    @Test
    void writer_resumedWithContradictingPromises_isFailedPrecondition() {
        byte[] content = randomBytes(800, 18);
        try (BlobWriter w = writer("r1", content)) {
            w.write(content, 0, 100);
        }
        Digest other = Digest.sha256("other");

        assertFails(() -> store.writer("r1", Optional.of(other), OptionalLong.empty()),
                ErrorKind.FAILED_PRECONDITION, other.toString(), Digest.sha256(content).toString());
        assertFails(() -> store.writer("r1", Optional.empty(), OptionalLong.of(801)),
                ErrorKind.FAILED_PRECONDITION, "801", "800");
        assertThat(store.status("r1").orElseThrow().offset()).isEqualTo(100);
    }

    @Test
    void transferFrom_aFailingSource_isCorrupted_andTheWriterContinuesFromItsOffset() {
        byte[] content = randomBytes(3 * (1 << 20), 19);
        InputStream failing = new InputStream() {
            private final InputStream in = new ByteArrayInputStream(content, 0, 2 * (1 << 20) + 5);

            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = in.read(b, off, Math.min(len, 64 * 1024));
                if (n < 0) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };
        try (BlobWriter w = writer("r1", content)) {
            assertFails(() -> w.transferFrom(failing), ErrorKind.DATA_CORRUPTED, "connection reset");

            long offset = w.offset();
            assertThat(offset).isLessThanOrEqualTo(2 * (1 << 20) + 5);
            assertThat(store.status("r1").orElseThrow().offset()).isEqualTo(offset);
            w.transferFrom(new ByteArrayInputStream(content, (int) offset, content.length - (int) offset));
            w.commit(Digest.sha256(content), content.length);
        }
        assertThat(Digest.sha256(readAll(store, Digest.sha256(content)))).isEqualTo(Digest.sha256(content));
    }

    @Test
    void abort_discardsAnIngest_andRefusesMissingOrHeldOnes() {
        byte[] content = randomBytes(100, 23);
        try (BlobWriter w = writer("r1", content)) {
            w.write(content, 0, 50);
            assertFails(() -> store.abort("r1"), ErrorKind.CONFLICT, "r1");
        }

        store.abort("r1");

        assertThat(store.status("r1")).isEmpty();
        assertFails(() -> store.abort("r1"), ErrorKind.NOT_FOUND, "r1");
        try (BlobWriter w = writer("r1", content)) {
            assertThat(w.offset()).isZero();
        }
    }

    @Test
    void writerAbort_discardsTheIngest_evenAfterClose() {
        byte[] content = randomBytes(100, 24);
        BlobWriter open = writer("open", content);
        open.write(content, 0, 10);
        open.abort();
        BlobWriter closed = writer("closed", content);
        closed.write(content, 0, 10);
        closed.close();
        closed.abort();

        assertThat(store.ingests()).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void abortOlderThanZero_removesClosedIngests_butNotHeldOnes() {
        byte[] content = randomBytes(100, 25);
        try (BlobWriter w = writer("closed", content)) {
            w.write(content, 0, 10);
        }
        try (BlobWriter held = writer("held", content)) {
            held.write(content, 0, 20);

            assertThat(store.abortOlderThan(Duration.ZERO)).isEqualTo(1);

            assertThat(store.ingests()).extracting(IngestStatus::ref).containsExactly("held");
            held.write(content, 20, 80);
            held.commit();
        }
        assertThat(store.abortOlderThan(Duration.ofHours(1))).isZero();
    }
}
