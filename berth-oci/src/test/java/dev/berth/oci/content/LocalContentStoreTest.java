package dev.berth.oci.content;

import static dev.berth.oci.content.ContentStoreContract.assertFails;
import static dev.berth.oci.content.ContentStoreContract.randomBytes;
import static dev.berth.oci.content.ContentStoreContract.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link LocalContentStore} does on disk, beyond the {@link ContentStoreContract}. */
class LocalContentStoreTest {
    @TempDir
    Path root;

    LocalContentStore store;

    @BeforeEach
    void open() {
        store = LocalContentStore.open(root);
    }

    @Test
    void blob_isStoredAtBlobsAlgorithmHex_andServedFromThatPath() {
        Digest digest = store.put(randomBytes(100, 1));

        Path expected = root.resolve("blobs/sha256/" + digest.encoded());

        assertThat(expected).isRegularFile();
        assertThat(store.path(digest)).isEqualTo(expected.toAbsolutePath());
        assertThat(root.resolve("ingest")).isEmptyDirectory();
    }

    @Test
    void ingest_isStoredUnderTheHashOfItsRef() throws IOException {
        byte[] content = randomBytes(100, 2);
        Digest digest = Digest.sha256(content);
        try (BlobWriter w = store.writer("upload/1", Optional.of(digest), OptionalLong.of(100))) {
            w.write(content, 0, 40);
            Path dir = root.resolve("ingest/" + Digest.sha256("upload/1").encoded());

            try (Stream<Path> files = Files.list(dir)) {
                assertThat(files.map(f -> f.getFileName().toString()))
                        .containsExactlyInAnyOrder("data", "ref", "total", "expected", "startedat", "lock");
            }
            assertThat(Files.readString(dir.resolve("ref"))).isEqualTo("upload/1");
            assertThat(Files.readString(dir.resolve("total"))).isEqualTo("100");
            assertThat(Files.readString(dir.resolve("expected"))).isEqualTo(digest.toString());
            assertThat(Instant.parse(Files.readString(dir.resolve("startedat")))).isBefore(Instant.now().plusSeconds(1));
            assertThat(Files.size(dir.resolve("data"))).isEqualTo(40);
        }
    }

    @Test
    void committedBlob_isReadOnly() throws IOException {
        Digest digest = store.put(randomBytes(100, 3));

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.path(digest))))
                .isEqualTo("r--r--r--");
    }

    @Test
    void anOciImageLayout_opensAsAStore() throws IOException {
        byte[] config = "{\"architecture\":\"amd64\"}".getBytes();
        Digest digest = Digest.sha256(config);
        Files.writeString(root.resolve("oci-layout"), "{\"imageLayoutVersion\":\"1.0.0\"}");
        Files.writeString(root.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
        Files.createDirectories(root.resolve("blobs/sha256"));
        Files.write(root.resolve("blobs/sha256/" + digest.encoded()), config);

        LocalContentStore layout = LocalContentStore.open(root);

        assertThat(readAll(layout, digest)).isEqualTo(config);
        assertThat(layout.list()).extracting(BlobInfo::digest).containsExactly(digest);
        Digest added = layout.put(randomBytes(50, 4));
        assertThat(root.resolve("blobs/sha256/" + added.encoded())).isRegularFile();
    }

    @Test
    void walk_skipsFilesNotNamedLikeABlob() throws IOException {
        Digest real = store.put(randomBytes(100, 5));
        Path sha256 = root.resolve("blobs/sha256");
        String hex = Digest.sha256("other").encoded();
        Files.writeString(sha256.resolve("not-a-digest"), "x");
        Files.writeString(sha256.resolve(hex.toUpperCase()), "x");
        Files.writeString(sha256.resolve(hex + ".tmp"), "x");
        Files.writeString(sha256.resolve(hex.substring(1)), "x");
        Files.createDirectories(sha256.resolve(Digest.sha256("a directory").encoded()));
        Files.createSymbolicLink(sha256.resolve(Digest.sha256("a link").encoded()), store.path(real));
        Files.createDirectories(root.resolve("blobs/md5"));
        Files.writeString(root.resolve("blobs/md5/d41d8cd98f00b204e9800998ecf8427e"), "");
        Files.writeString(root.resolve("blobs/stray-file"), "x");

        assertThat(store.list()).extracting(BlobInfo::digest).containsExactly(real);
        assertThat(store.info(Digest.sha256("a directory"))).isEmpty();
    }

    @Test
    void twoStoresOnOneRoot_cannotShareAnIngest() {
        LocalContentStore other = LocalContentStore.open(root);
        try (BlobWriter w = store.writer("shared", Optional.empty(), OptionalLong.empty())) {
            w.write(new byte[10]);

            assertFails(() -> other.writer("shared", Optional.empty(), OptionalLong.empty()), ErrorKind.CONFLICT,
                    "ref shared locked");
            assertFails(() -> other.abort("shared"), ErrorKind.CONFLICT);
            assertThat(other.abortOlderThan(Duration.ZERO)).isZero();
        }
        try (BlobWriter w = other.writer("shared", Optional.empty(), OptionalLong.empty())) {
            assertThat(w.offset()).isEqualTo(10);
        }
    }

    @Test
    void resume_digestsTheStoredBytes_soTamperingIsCaughtAtCommit() throws IOException {
        byte[] content = randomBytes(10_000, 6);
        Digest digest = Digest.sha256(content);
        try (BlobWriter w = store.writer("r1", Optional.of(digest), OptionalLong.of(content.length))) {
            w.write(content, 0, 5000);
        }
        Path data = root.resolve("ingest/" + Digest.sha256("r1").encoded() + "/data");
        try (FileChannel ch = FileChannel.open(data, StandardOpenOption.WRITE)) {
            ch.write(ByteBuffer.wrap(new byte[] {(byte) ~content[1234]}), 1234);
        }

        BlobWriter w = store.writer("r1", Optional.of(digest), OptionalLong.of(content.length));
        w.write(content, 5000, 5000);

        assertFails(() -> w.commit(digest, content.length), ErrorKind.DATA_CORRUPTED, "digest mismatch",
                digest.toString());
        assertThat(store.list()).isEmpty();
        assertThat(store.ingests()).isEmpty();
    }

    @Test
    void abortOlderThan_removesOnlyIngestsIdleForThatLong() throws IOException {
        for (String ref : List.of("old", "fresh")) {
            try (BlobWriter w = store.writer(ref, Optional.empty(), OptionalLong.empty())) {
                w.write(new byte[10]);
            }
        }
        ageIngest("old", Duration.ofHours(2));

        assertThat(store.abortOlderThan(Duration.ofHours(1))).isEqualTo(1);

        assertThat(store.ingests()).extracting(IngestStatus::ref).containsExactly("fresh");
    }

    private void ageIngest(String ref, Duration age) throws IOException {
        FileTime then = FileTime.from(Instant.now().minus(age));
        Path dir = root.resolve("ingest/" + Digest.sha256(ref).encoded());
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.setLastModifiedTime(f, then);
            }
        }
        Files.setLastModifiedTime(dir, then);
    }
}
