package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.MediaTypes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The hostile-layer set through the store-and-apply path: a clear error, nothing outside, no blob, no ingest. */
class LayerUnpackerTest {
    @TempDir
    Path tmp;

    LocalContentStore store;
    Path target;
    Path sentinel;

    @BeforeEach
    void setUp() throws IOException {
        store = LocalContentStore.open(tmp.resolve("store"));
        target = tmp.resolve("layers").resolve("l1");
        Files.createDirectories(target.getParent());
        sentinel = Files.createDirectory(tmp.resolve("layers").resolve("sentinel"));
        Files.writeString(sentinel.resolve("secret"), "keep");
    }

    @AfterEach
    void nothingOutsideTheTarget() throws IOException {
        try (Stream<Path> s = Files.list(sentinel)) {
            assertThat(s.toList()).containsExactly(sentinel.resolve("secret"));
        }
        assertThat(Files.readString(sentinel.resolve("secret"))).isEqualTo("keep");
    }

    static Descriptor gzipLayer(byte[] blob) {
        return Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256(blob), blob.length);
    }

    @Test
    void unpack_appliesAndStoresTheBlob() throws IOException {
        byte[] blob = ApplyTestTar.gzip(new ApplyTestTar().dir("etc").file("etc/motd", "hello").bytes());
        Descriptor layer = gzipLayer(blob);
        LayerDigests d = LayerUnpacker.unpack(new ByteArrayInputStream(blob), layer, store, target,
                ApplyOptions.defaults());
        assertThat(d.digest()).isEqualTo(layer.digest());
        assertThat(Files.readString(target.resolve("etc/motd"))).isEqualTo("hello");
        assertThat(store.info(layer.digest())).hasValueSatisfying(i -> assertThat(i.size()).isEqualTo(blob.length));
        try (var in = store.newInputStream(layer.digest())) {
            assertThat(in.readAllBytes()).isEqualTo(blob);
        }
    }

    @Test
    void unpack_ofAStoredBlob_appliesWithoutStoringAgain() {
        byte[] blob = ApplyTestTar.gzip(new ApplyTestTar().file("a", "1").bytes());
        store.put(blob);
        LayerUnpacker.unpack(new ByteArrayInputStream(blob), gzipLayer(blob), store, target, ApplyOptions.defaults());
        assertThat(target.resolve("a")).hasContent("1");
        assertThat(store.ingests()).isEmpty();
    }

    static Stream<byte[]> hostileLayers() {
        byte[] good = new ApplyTestTar().file("ok", "fine").file("big", new byte[100_000], 0644).bytes();
        return Stream.of(
                ApplyTestTar.gzip(new ApplyTestTar().file("../sentinel/evil", "x").bytes()),
                ApplyTestTar.gzip(new ApplyTestTar().symlink("link", "../sentinel").file("link/evil", "x").bytes()),
                ApplyTestTar.gzip(new ApplyTestTar().hardlink("h", "../sentinel/secret").bytes()),
                ApplyTestTar.gzip(new ApplyTestTar().symlink("up", "..").file("up/sentinel/evil", "x").bytes()),
                Arrays.copyOf(ApplyTestTar.gzip(good), ApplyTestTar.gzip(good).length / 2),
                "not a gzip stream at all".getBytes());
    }

    @ParameterizedTest
    @MethodSource("hostileLayers")
    void hostileLayer_leavesNoBlobNoIngestNoDirectory(byte[] blob) {
        Descriptor layer = gzipLayer(blob);
        assertThatThrownBy(() -> LayerUnpacker.unpack(new ByteArrayInputStream(blob), layer, store, target,
                ApplyOptions.defaults()))
                .isInstanceOf(BerthException.class)
                .hasMessageStartingWith("unpack layer " + layer.digest());
        assertThat(store.list()).isEmpty();
        assertThat(store.ingests()).isEmpty();
        assertThat(target).doesNotExist();
    }

    @Test
    void digestMismatch_isDataCorrupted_andLeavesNothing() {
        byte[] blob = ApplyTestTar.gzip(new ApplyTestTar().file("a", "1").bytes());
        Descriptor claimed = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256("other"), blob.length);
        assertThatThrownBy(() -> LayerUnpacker.unpack(new ByteArrayInputStream(blob), claimed, store, target,
                ApplyOptions.defaults()))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.DATA_CORRUPTED));
        assertThat(store.list()).isEmpty();
        assertThat(store.ingests()).isEmpty();
        assertThat(target).doesNotExist();
    }

    @Test
    void tenThousandEntries_unpackAndStore() throws IOException {
        ApplyTestTar tar = new ApplyTestTar().dir("d");
        for (int i = 0; i < 10_000; i++) {
            tar.file("d/f" + i, "x" + i);
        }
        byte[] blob = ApplyTestTar.gzip(tar.bytes());
        LayerUnpacker.unpack(new ByteArrayInputStream(blob), gzipLayer(blob), store, target, ApplyOptions.defaults());
        try (Stream<Path> files = Files.list(target.resolve("d"))) {
            assertThat(files.count()).isEqualTo(10_000);
        }
        assertThat(store.list()).hasSize(1);
    }

    /** A source that serves {@code blob} from the asked offset and breaks after {@code cutAfter} bytes, if given. */
    private static LayerUnpacker.BlobSource source(byte[] blob, java.util.List<Long> offsets, long cutAfter) {
        return offset -> {
            offsets.add(offset);
            return new java.io.InputStream() {
                long position = offset;

                @Override
                public int read() throws IOException {
                    byte[] one = new byte[1];
                    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    if (position >= cutAfter) {
                        throw new IOException("connection reset");
                    }
                    if (position >= blob.length) {
                        return -1;
                    }
                    int n = (int) Math.min(Math.min(len, blob.length - position), cutAfter - position);
                    System.arraycopy(blob, (int) position, b, off, n);
                    position += n;
                    return n;
                }
            };
        };
    }

    @Test
    void unpackFromSource_cutMidway_keepsThePrefix_andTheNextCallResumesFromIt() throws IOException {
        byte[] random = new byte[300_000];
        new java.util.Random(7).nextBytes(random);
        byte[] blob = ApplyTestTar.gzip(new ApplyTestTar().file("r", random, 0644).file("s", "small").bytes());
        Descriptor layer = gzipLayer(blob);
        java.util.List<Long> offsets = new java.util.ArrayList<>();
        assertThatThrownBy(() -> LayerUnpacker.unpack(source(blob, offsets, 100_000), layer, store, target,
                ApplyOptions.defaults()))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE))
                .hasMessageContaining("connection reset");
        assertThat(target).doesNotExist();
        assertThat(store.list()).isEmpty();
        assertThat(store.ingests()).singleElement().satisfies(s -> assertThat(s.offset()).isPositive());
        long kept = store.ingests().getFirst().offset();

        LayerDigests d = LayerUnpacker.unpack(source(blob, offsets, Long.MAX_VALUE), layer, store, target,
                ApplyOptions.defaults());
        assertThat(offsets).containsExactly(0L, kept);
        assertThat(d.digest()).isEqualTo(layer.digest());
        assertThat(Files.readAllBytes(target.resolve("r"))).isEqualTo(random);
        assertThat(store.contains(layer.digest())).isTrue();
        assertThat(store.ingests()).isEmpty();
    }

    @Test
    void unpackFromSource_resumedOntoWrongBytes_failsAndDiscardsTheIngest() {
        byte[] random = new byte[300_000];
        new java.util.Random(8).nextBytes(random);
        byte[] blob = ApplyTestTar.gzip(new ApplyTestTar().file("r", random, 0644).bytes());
        Descriptor layer = gzipLayer(blob);
        java.util.List<Long> offsets = new java.util.ArrayList<>();
        assertThatThrownBy(() -> LayerUnpacker.unpack(source(blob, offsets, 100_000), layer, store, target,
                ApplyOptions.defaults())).isInstanceOf(BerthException.class);
        byte[] tampered = blob.clone();
        tampered[tampered.length - 100] ^= 1;
        assertThatThrownBy(() -> LayerUnpacker.unpack(source(tampered, offsets, Long.MAX_VALUE), layer, store,
                target, ApplyOptions.defaults()))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.DATA_CORRUPTED));
        assertThat(store.ingests()).isEmpty();
        assertThat(store.list()).isEmpty();
        assertThat(target).doesNotExist();
    }

    @Test
    void unpackFromSource_ofAStoredBlob_readsTheStore() {
        byte[] blob = ApplyTestTar.gzip(new ApplyTestTar().file("a", "1").bytes());
        store.put(blob);
        LayerUnpacker.unpack(offset -> {
            throw new IOException("must not be asked");
        }, gzipLayer(blob), store, target, ApplyOptions.defaults());
        assertThat(target.resolve("a")).hasContent("1");
    }
}
