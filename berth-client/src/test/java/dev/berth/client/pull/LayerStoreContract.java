package dev.berth.client.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.MediaTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link LayerStore} must show, as a {@link Puller} relies on it. An implementation's test extends
 * this and says how to make an empty store and where a committed layer's files are.
 */
public abstract class LayerStoreContract {
    protected LayerStore store;

    /** A new, empty store. */
    protected abstract LayerStore createStore() throws Exception;

    /** The directory holding committed layer {@code chainId}. */
    protected abstract Path committed(Digest chainId);

    @BeforeEach
    void createEmptyStore() throws Exception {
        store = createStore();
    }

    static LayerKey key(String name) {
        Digest diffId = Digest.sha256("diff " + name);
        return new LayerKey(diffId, diffId, Optional.empty(),
                Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256("blob " + name), 10));
    }

    static LayerDigests digests(LayerKey k) {
        return new LayerDigests(k.blob().digest(), k.blob().size(), k.diffId(), 20);
    }

    /** What a layer unpacker does: creates the directory it is given and writes into it. */
    static LayerDigests unpackFile(Path dir, LayerKey k, String content) {
        try {
            assertThat(dir).doesNotExist();
            Files.createDirectory(dir);
            Files.writeString(dir.resolve("file"), content);
            return digests(k);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void create_commitsTheUnpackedDirectory_underItsChainId() throws IOException {
        LayerKey k = key("a");
        assertThat(store.contains(k.chainId())).isFalse();
        LayerDigests d = store.create(k, dir -> unpackFile(dir, k, "a"));
        assertThat(d).isEqualTo(digests(k));
        assertThat(store.contains(k.chainId())).isTrue();
        assertThat(Files.readString(committed(k.chainId()).resolve("file"))).isEqualTo("a");
    }

    @Test
    void failedUnpack_leavesNoLayer_andTheErrorPassesThrough() {
        LayerKey k = key("b");
        BerthException failure = BerthException.corrupted("digest mismatch");
        assertThatThrownBy(() -> store.create(k, dir -> {
            unpackFile(dir, k, "partial");
            try {
                Files.delete(dir.resolve("file"));
                Files.delete(dir); // LayerUnpacker removes what it made before it throws
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            throw failure;
        })).isSameAs(failure);
        assertThat(store.contains(k.chainId())).isFalse();
        LayerDigests again = store.create(k, dir -> unpackFile(dir, k, "whole"));
        assertThat(again).isEqualTo(digests(k));
        assertThat(store.contains(k.chainId())).isTrue();
    }

    @Test
    void aLayerIsNotVisibleWhileItIsUnpacked() {
        LayerKey k = key("c");
        store.create(k, dir -> {
            LayerDigests d = unpackFile(dir, k, "c");
            assertThat(store.contains(k.chainId())).isFalse();
            return d;
        });
        assertThat(store.contains(k.chainId())).isTrue();
    }

    @Test
    void racingCreationsOfOneLayer_bothSucceed_andOneDirectoryRemains() throws Exception {
        LayerKey k = key("d");
        CountDownLatch bothUnpacked = new CountDownLatch(2);
        List<Future<LayerDigests>> results = new ArrayList<>();
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 2; i++) {
                String content = "same";
                results.add(exec.submit(() -> store.create(k, dir -> {
                    LayerDigests d = unpackFile(dir, k, content);
                    bothUnpacked.countDown();
                    try {
                        bothUnpacked.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new IllegalStateException(e);
                    }
                    return d;
                })));
            }
            for (Future<LayerDigests> f : results) {
                assertThat(f.get()).isEqualTo(digests(k));
            }
        }
        assertThat(store.contains(k.chainId())).isTrue();
        assertThat(Files.readString(committed(k.chainId()).resolve("file"))).isEqualTo("same");
    }

    @Test
    void layersOfAChain_areCreatedInAnyOrder() {
        LayerKey bottom = key("e");
        Digest topDiff = Digest.sha256("diff f");
        LayerKey top = new LayerKey(Digest.sha256(bottom.chainId() + " " + topDiff), topDiff,
                Optional.of(bottom.chainId()), Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256("blob f"), 10));
        store.create(top, dir -> unpackFile(dir, top, "top"));
        store.create(bottom, dir -> unpackFile(dir, bottom, "bottom"));
        assertThat(store.contains(top.chainId())).isTrue();
        assertThat(store.contains(bottom.chainId())).isTrue();
    }
}
