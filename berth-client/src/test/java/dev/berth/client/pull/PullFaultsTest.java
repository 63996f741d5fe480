package dev.berth.client.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.client.registry.RegistryClient;
import dev.berth.client.registry.RegistryConfig;
import dev.berth.client.testing.DistributionRegistry;
import dev.berth.client.testing.Events;
import dev.berth.client.testing.FrontProxy;
import dev.berth.client.testing.TestTarget;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.layout.TestImages;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Manifest;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls that meet a broken network, a killed registry or wrong bytes; each test has its own registry. */
@org.junit.jupiter.api.Timeout(120)
class PullFaultsTest {
    /** busybox's one layer is about 1 MB: cut well inside it. */
    static final long CUT = 300_000;
    /** Pulls that block must not share the common pool, which has a single thread on a two-core machine. */
    static final java.util.concurrent.Executor THREADS = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor();

    @TempDir
    Path tmp;

    DistributionRegistry registry;
    FrontProxy proxy;
    RegistryClient client;

    @BeforeEach
    void start() throws IOException {
        registry = DistributionRegistry.open(tmp.resolve("registry"));
        registry.push(TestImages.layout("busybox"), "library/busybox:latest");
        proxy = new FrontProxy(registry.uri());
        client = new RegistryClient(RegistryConfig.defaults());
    }

    @AfterEach
    void stop() throws InterruptedException {
        client.close();
        proxy.close();
        registry.close();
    }

    Reference viaProxy() {
        return Reference.parse(proxy.host() + "/library/busybox:latest");
    }

    static PullOptions noRetries() {
        return PullOptions.defaults().withRetries(0, Duration.ZERO);
    }

    List<String> blobRanges() {
        return proxy.seen().stream().filter(s -> s.path().contains("/blobs/") && s.origin().equals("front"))
                .map(s -> s.range().orElse("none")).toList();
    }

    @Test
    void cutMidLayer_failsKeepingTheBytes_andTheNextPullResumesWithARangeRequest() {
        TestTarget target = new TestTarget(tmp.resolve("target"));
        proxy.cutBlobsAfter(CUT, 1);
        assertThatThrownBy(() -> new Puller(client, target, noRetries()).pull(viaProxy(), Optional.empty(),
                new Events()))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.UNAVAILABLE));
        assertThat(target.images()).isEmpty();
        // At most the bytes before the cut are kept: a reset may discard some still in flight.
        long kept = target.content().ingests().getFirst().offset();
        assertThat(target.content().ingests()).singleElement()
                .satisfies(s -> assertThat(s.offset()).isPositive().isLessThanOrEqualTo(CUT));

        proxy.clearSeen();
        Events events = new Events();
        PulledImage image = new Puller(client, target, noRetries()).pull(viaProxy(), Optional.empty(), events);
        assertThat(blobRanges()).contains("bytes=" + kept + "-");
        assertThat(events.of(PullEvent.Downloading.class).getFirst().current()).isEqualTo(kept);
        assertThat(target.content().ingests()).isEmpty();
        assertThat(target.directories().path(image.layers().getFirst().chainId()).resolve("bin/busybox"))
                .isRegularFile();
    }

    @Test
    void cutMidLayer_withRetries_resumesWithinTheSamePull() {
        TestTarget target = new TestTarget(tmp.resolve("target"));
        proxy.cutBlobsAfter(CUT, 2);
        Events events = new Events();
        new Puller(client, target, PullOptions.defaults().withRetries(3, Duration.ofMillis(10)))
                .pull(viaProxy(), Optional.empty(), events);
        assertThat(events.of(PullEvent.Retrying.class)).hasSize(2);
        // Each retry resumes where the bytes kept so far end: at most where the proxy cut, and earlier when the
        // reset discarded bytes still in flight, so the check is on progress, not on exact offsets.
        List<Long> starts = blobRanges().stream().filter(r -> r.startsWith("bytes="))
                .map(r -> Long.parseLong(r.substring("bytes=".length(), r.length() - 1))).toList();
        assertThat(starts).hasSize(2);
        assertThat(starts.get(0)).isPositive().isLessThanOrEqualTo(CUT);
        assertThat(starts.get(1)).isGreaterThan(starts.get(0)).isLessThanOrEqualTo(starts.get(0) + CUT);
        assertThat(target.images()).hasSize(1);
    }

    @Test
    void registryKilledMidPull_thenRestarted_theNextPullResumes() throws Exception {
        TestTarget target = new TestTarget(tmp.resolve("target"));
        proxy.pauseBlobsAfter(CUT);
        Events events = new Events();
        CompletableFuture<PulledImage> first = CompletableFuture.supplyAsync(
                () -> new Puller(client, target, noRetries()).pull(viaProxy(), Optional.empty(), events), THREADS);
        proxy.awaitPaused();
        // The layer is asked for while the config is on its way: kill the registry once the config is in (the
        // layers are announced after it), or the config's request fails and no layer bytes are kept to resume.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (events.of(PullEvent.PullingFsLayer.class).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        registry.kill();
        proxy.releaseCut();
        assertThatThrownBy(first::join).hasCauseInstanceOf(BerthException.class);
        assertThat(target.images()).isEmpty();

        registry.start();
        proxy.clearSeen();
        new Puller(client, target, noRetries()).pull(viaProxy(), Optional.empty(), new Events());
        // The resume starts where the kept bytes end: at the cut, or before it when the reset discarded bytes the
        // client had received but not yet read (a small layer is read only as fast as it is extracted).
        List<Long> starts = blobRanges().stream().filter(r -> r.startsWith("bytes="))
                .map(r -> Long.parseLong(r.substring("bytes=".length(), r.length() - 1))).toList();
        assertThat(starts).singleElement().satisfies(s -> assertThat(s).isPositive().isLessThanOrEqualTo(CUT));
        assertThat(target.images()).hasSize(1);
    }

    @Test
    void tamperedBlobInTheRegistry_failsWithNothingStored() throws IOException {
        Reference direct = Reference.parse(registry.host() + "/library/busybox:latest");
        Manifest manifest = (Manifest) client.forPull(direct).manifest("latest").value();
        Descriptor layer = manifest.layers().getFirst();
        try (RandomAccessFile f = new RandomAccessFile(registry.blobData(layer.digest().encoded()).toFile(), "rw")) {
            f.seek(layer.size() / 2);
            int b = f.read();
            f.seek(layer.size() / 2);
            f.write(b ^ 0xff);
        }
        TestTarget target = new TestTarget(tmp.resolve("target"));
        assertThatThrownBy(() -> new Puller(client, target, PullOptions.defaults()).pull(direct, Optional.empty(),
                new Events()))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.DATA_CORRUPTED))
                .hasMessageContaining(layer.digest().toString());
        assertThat(target.images()).isEmpty();
        assertThat(target.content().list()).isEmpty();
        assertThat(target.content().ingests()).isEmpty();
        try (Stream<Path> layers = Files.list(tmp.resolve("target/layers"))) {
            assertThat(layers.filter(p -> !p.getFileName().toString().equals("staging"))).isEmpty();
        }
        try (Stream<Path> staging = Files.list(tmp.resolve("target/layers/staging"))) {
            assertThat(staging).isEmpty();
        }
    }

    @Test
    void twoConcurrentPullsOfTheSameImage_downloadEachBlobOnce() throws Exception {
        TestTarget target = new TestTarget(tmp.resolve("target"));
        Puller puller = new Puller(client, target, PullOptions.defaults());
        proxy.holdBlobsAfter(CUT);
        CompletableFuture<PulledImage> first = CompletableFuture.supplyAsync(
                () -> puller.pull(viaProxy(), Optional.empty(), new Events()), THREADS);
        proxy.awaitPaused();
        java.util.concurrent.CountDownLatch secondWaits = new java.util.concurrent.CountDownLatch(1);
        CompletableFuture<PulledImage> second = CompletableFuture.supplyAsync(
                () -> puller.pull(viaProxy(), Optional.empty(), e -> {
                    if (e instanceof PullEvent.Waiting) {
                        secondWaits.countDown();
                    }
                }), THREADS);
        secondWaits.await();
        proxy.releaseCut();
        PulledImage image = first.join();
        second.join();

        long layerGets = proxy.seen().stream()
                .filter(s -> s.method().equals("GET")
                        && s.path().endsWith(image.layers().getFirst().blob().digest().toString()))
                .count();
        assertThat(layerGets).isEqualTo(1);
        assertThat(target.images()).hasSize(1);
    }
}
