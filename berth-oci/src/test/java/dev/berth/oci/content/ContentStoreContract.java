package dev.berth.oci.content;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link ContentStore} must show for committed blobs, single-threaded; ingests are covered by
 * {@link ContentStoreIngestContract}, concurrency by {@link ContentStoreConcurrencyContract}. An implementation's
 * test extends each of them and says how to make an empty store.
 */
public abstract class ContentStoreContract {
    protected ContentStore store;

    /** A new, empty store. */
    protected abstract ContentStore createStore() throws Exception;

    @BeforeEach
    void createEmptyStore() throws Exception {
        store = createStore();
    }

    // --- helpers shared with implementation tests ---

    /** Random bytes; different seeds give different contents whenever {@code size >= 8}. */
    public static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        if (size >= Long.BYTES) {
            ByteBuffer.wrap(b).putLong(seed);
        }
        return b;
    }

    public static byte[] readAll(BlobReader reader, Digest digest) {
        try (InputStream in = reader.newInputStream(digest)) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void assertFails(ThrowingCallable call, ErrorKind kind, String... messageParts) {
        assertThatThrownBy(call)
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(kind))
                .satisfies(e -> {
                    for (String part : messageParts) {
                        assertThat(e.getMessage()).contains(part);
                    }
                });
    }

    protected BlobWriter writer(String ref, byte[] content) {
        return store.writer(ref, Optional.of(Digest.sha256(content)), OptionalLong.of(content.length));
    }

    private static Digest digestOf(String text) {
        return Digest.sha256(text);
    }

    // --- reading ---

    @Test
    void put_thenRead_returnsTheSameBytes() {
        byte[] content = randomBytes(10_000, 1);
        Instant before = Instant.now().minusSeconds(2);

        Digest digest = store.put(content);

        assertThat(digest).isEqualTo(Digest.sha256(content));
        assertThat(readAll(store, digest)).isEqualTo(content);
        BlobInfo info = store.info(digest).orElseThrow();
        assertThat(info.digest()).isEqualTo(digest);
        assertThat(info.size()).isEqualTo(content.length);
        assertThat(info.created()).isAfter(before).isBefore(Instant.now().plusSeconds(2));
        assertThat(store.contains(digest)).isTrue();
    }

    @Test
    void put_ofAStreamLargerThanAnyBuffer_storesItWhole() {
        byte[] content = randomBytes(3 * (1 << 20) + 17, 2);
        Digest expected = Digest.sha256(content);

        assertThat(store.put(new ByteArrayInputStream(content), expected, content.length)).isEqualTo(expected);

        assertThat(Digest.sha256(readAll(store, expected))).isEqualTo(expected);
    }

    @Test
    void put_ofEmptyBlob_works() {
        Digest digest = store.put(new byte[0]);

        assertThat(store.info(digest).orElseThrow().size()).isZero();
        assertThat(readAll(store, digest)).isEmpty();
    }

    @Test
    void missingBlob_isAbsentFromInfo_andNotFoundToRead() {
        Digest missing = digestOf("missing");
        String message = "content " + missing + ": not found";

        assertThat(store.info(missing)).isEmpty();
        assertThat(store.contains(missing)).isFalse();
        assertFails(() -> store.open(missing), ErrorKind.NOT_FOUND, message);
        assertFails(() -> store.newInputStream(missing), ErrorKind.NOT_FOUND, message);
        assertFails(() -> store.path(missing), ErrorKind.NOT_FOUND, message);
    }

    @Test
    void open_readsAnyRange() throws IOException {
        byte[] content = randomBytes(100_000, 3);
        Digest digest = store.put(content);

        try (SeekableByteChannel ch = store.open(digest)) {
            assertThat(ch.size()).isEqualTo(content.length);
            ByteBuffer range = ByteBuffer.allocate(1000);
            ch.position(54_321);
            while (range.hasRemaining() && ch.read(range) > 0) {
                // fill the range
            }
            assertThat(range.array()).isEqualTo(Arrays.copyOfRange(content, 54_321, 55_321));
        }
    }

    // --- writing and committing ---

    @Test
    void writer_blobIsInvisibleUntilCommit() {
        byte[] content = randomBytes(5000, 4);
        Digest digest = Digest.sha256(content);
        try (BlobWriter w = writer("r1", content)) {
            w.write(content, 0, 4000);
            assertThat(store.info(digest)).isEmpty();
            assertThat(store.list()).isEmpty();
            w.write(content, 4000, 1000);
            assertThat(store.info(digest)).isEmpty();

            BlobInfo info = w.commit(digest, content.length);

            assertThat(info.digest()).isEqualTo(digest);
            assertThat(info.size()).isEqualTo(content.length);
        }
        assertThat(readAll(store, digest)).isEqualTo(content);
        assertThat(store.status("r1")).isEmpty();
        assertThat(store.ingests()).isEmpty();
    }

    @Test
    void commit_withoutPromises_storesUnderTheComputedSha256() {
        byte[] content = randomBytes(777, 6);
        try (BlobWriter w = store.writer("r1", Optional.empty(), OptionalLong.empty())) {
            w.write(content);

            BlobInfo info = w.commit();

            assertThat(info.digest()).isEqualTo(Digest.sha256(content));
        }
        assertThat(readAll(store, Digest.sha256(content))).isEqualTo(content);
    }

    @Test
    void commit_ofABlobAlreadyStored_isANoOpSuccess() {
        byte[] content = randomBytes(2000, 7);
        Digest digest = store.put(content);
        try (BlobWriter w = writer("again", content)) {
            w.write(content);

            assertThat(w.commit(digest, content.length).digest()).isEqualTo(digest);
        }
        assertThat(store.list()).extracting(BlobInfo::digest).containsExactly(digest);
        assertThat(store.ingests()).isEmpty();
    }

    @Test
    void commit_withWrongDigest_isCorruptedNamingBoth_andLeavesNothing() {
        byte[] content = randomBytes(2000, 8);
        Digest actual = Digest.sha256(content);
        Digest wrong = digestOf("something else");
        BlobWriter w = store.writer("r1", Optional.empty(), OptionalLong.empty());
        w.write(content);

        assertFails(() -> w.commit(wrong, content.length), ErrorKind.DATA_CORRUPTED,
                "digest mismatch", wrong.toString(), actual.toString());

        assertThat(w.isOpen()).isFalse();
        assertThat(store.info(wrong)).isEmpty();
        assertThat(store.info(actual)).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(store.status("r1")).isEmpty();
    }

    @Test
    void commit_checksTheDigestPromisedAtOpening() {
        byte[] content = randomBytes(100, 9);
        Digest promised = digestOf("promised");
        BlobWriter w = store.writer("r1", Optional.of(promised), OptionalLong.empty());
        w.write(content);

        assertFails(w::commit, ErrorKind.DATA_CORRUPTED, promised.toString(), Digest.sha256(content).toString());
        assertThat(store.list()).isEmpty();
        assertThat(store.ingests()).isEmpty();
    }

    @Test
    void commit_withSizeSmallerThanWritten_isCorrupted_andDiscardsTheIngest() {
        byte[] content = randomBytes(300, 11);
        BlobWriter w = store.writer("r1", Optional.empty(), OptionalLong.empty());
        w.write(content);

        assertFails(() -> w.commit(Digest.sha256(content), 299), ErrorKind.DATA_CORRUPTED, "299", "300");
        assertThat(store.list()).isEmpty();
        assertThat(store.status("r1")).isEmpty();
    }

    @Test
    void write_beyondTheExpectedSize_isCorrupted_andDiscardsTheIngest() {
        byte[] content = randomBytes(1000, 12);
        BlobWriter w = store.writer("r1", Optional.empty(), OptionalLong.of(999));
        w.write(content, 0, 900);

        assertFails(() -> w.write(content, 900, 100), ErrorKind.DATA_CORRUPTED, "999", "1000");
        assertThat(w.isOpen()).isFalse();
        assertThat(store.status("r1")).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    @Test
    void writer_afterCommit_refusesWrites_andCloseIsANoOp() {
        byte[] content = randomBytes(10, 14);
        BlobWriter w = writer("r1", content);
        w.write(content);
        w.commit();

        assertThat(w.isOpen()).isFalse();
        assertFails(() -> w.write(content), ErrorKind.FAILED_PRECONDITION, "r1");
        assertFails(w::commit, ErrorKind.FAILED_PRECONDITION, "r1");
        w.close();
        w.abort();
        assertThat(store.contains(Digest.sha256(content))).isTrue();
    }

    @Test
    void writer_refusesInvalidRefs() {
        assertFails(() -> store.writer("", Optional.empty(), OptionalLong.empty()), ErrorKind.INVALID_ARGUMENT, "ref");
        assertFails(() -> store.writer("  ", Optional.empty(), OptionalLong.empty()), ErrorKind.INVALID_ARGUMENT);
        assertFails(() -> store.writer("x".repeat(5000), Optional.empty(), OptionalLong.empty()),
                ErrorKind.INVALID_ARGUMENT);
    }

    @Test
    void sha512Blobs_areStoredAndReadByTheirDigest() {
        byte[] content = randomBytes(4321, 15);
        Digest sha512 = Digest.of(DigestAlgorithm.SHA512, DigestAlgorithm.SHA512.newMessageDigest().digest(content));

        store.put(new ByteArrayInputStream(content), sha512, content.length);

        assertThat(readAll(store, sha512)).isEqualTo(content);
        assertThat(store.list()).extracting(BlobInfo::digest).containsExactly(sha512);
    }

    // --- put ---

    @Test
    void put_ofATruncatedStream_isCorrupted_andLeavesNothing() {
        byte[] content = randomBytes(10_000, 20);
        Digest digest = Digest.sha256(content);

        assertFails(() -> store.put(new ByteArrayInputStream(content, 0, 9_000), digest, content.length),
                ErrorKind.DATA_CORRUPTED, digest.toString(), "9000 of 10000");

        assertThat(store.info(digest)).isEmpty();
        assertThat(store.ingests()).isEmpty();
    }

    @Test
    void put_withWrongDigest_isCorrupted_andLeavesNothing() {
        byte[] content = randomBytes(1000, 21);
        Digest wrong = digestOf("wrong");

        assertFails(() -> store.put(new ByteArrayInputStream(content), wrong, content.length),
                ErrorKind.DATA_CORRUPTED, wrong.toString(), Digest.sha256(content).toString());

        assertThat(store.list()).isEmpty();
        assertThat(store.ingests()).isEmpty();
    }

    @Test
    void put_ofAStoredBlob_doesNotReadTheStream() {
        byte[] content = randomBytes(100, 22);
        Digest digest = store.put(content);
        InputStream unreadable = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("must not be read");
            }
        };

        assertThat(store.put(unreadable, digest, content.length)).isEqualTo(digest);
        assertFails(() -> store.put(unreadable, digest, 99), ErrorKind.DATA_CORRUPTED, "99", "100");
    }

    // --- managing blobs ---

    @Test
    void delete_removesTheBlob_andRefusesMissingOnes() {
        Digest digest = store.put(randomBytes(100, 26));

        store.delete(digest);

        assertThat(store.info(digest)).isEmpty();
        assertFails(() -> store.delete(digest), ErrorKind.NOT_FOUND, "content " + digest + ": not found");
        store.put(randomBytes(100, 26));
        assertThat(store.contains(digest)).isTrue();
    }

    @Test
    void list_returnsEveryCommittedBlob_sortedByDigest_andNoIngest() {
        Digest a = store.put(randomBytes(10, 27));
        Digest b = store.put(randomBytes(20, 28));
        Digest c = store.put(randomBytes(30, 29));
        try (BlobWriter w = store.writer("pending", Optional.empty(), OptionalLong.empty())) {
            w.write(randomBytes(40, 30));

            assertThat(store.list()).extracting(BlobInfo::digest).containsExactly(
                    Stream.of(a, b, c).sorted().toArray(Digest[]::new));
        }
    }

    @Test
    void walk_letsTheVisitorDeleteBlobs() {
        for (int i = 0; i < 20; i++) {
            store.put(randomBytes(10, 100 + i));
        }
        int[] visited = {0};

        store.walk(info -> {
            visited[0]++;
            store.delete(info.digest());
        });

        assertThat(visited[0]).isEqualTo(20);
        assertThat(store.list()).isEmpty();
    }
}
