package dev.berth.registry.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.registry.api.RepositoryName;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class LinkFenceTest {
    private static final RepositoryName REPO = RepositoryName.of("library/busybox");
    private static final Digest A = Digest.sha256("a");
    private static final Digest B = Digest.sha256("b");

    @TempDir
    Path root;

    @Test
    void linksAreJournaled_onlyWhileACollectionRuns() {
        LinkFence fence = LinkFence.open(root);
        try (LinkFence.Hold hold = fence.link()) {
            hold.linked(LinkKind.BLOB, REPO, A);
        }
        assertThat(fence.journalFile()).doesNotExist();

        try (LinkFence.Collection collection = fence.startCollection()) {
            try (LinkFence.Hold hold = fence.link()) {
                hold.linked(LinkKind.BLOB, REPO, A);
                hold.linked(LinkKind.MANIFEST, REPO, B);
            }
            assertThat(collection.exclusively(collection::linkedSinceLastRead)).containsExactly(
                    new Linked(LinkKind.BLOB, REPO, A), new Linked(LinkKind.MANIFEST, REPO, B));
            assertThat(collection.exclusively(collection::linkedSinceLastRead)).isEmpty();
            try (LinkFence.Hold hold = fence.link()) {
                hold.linked(LinkKind.BLOB, REPO, B);
            }
            assertThat(collection.linkedSinceLastRead()).containsExactly(new Linked(LinkKind.BLOB, REPO, B));
        }
        assertThat(fence.journalFile()).doesNotExist();
    }

    @Test
    void aSecondCollectionOnTheSameRoot_isRefused() {
        LinkFence fence = LinkFence.open(root);
        try (LinkFence.Collection first = fence.startCollection()) {
            assertThat(fence.collectionRunning()).isTrue();
            assertThatThrownBy(fence::startCollection).isInstanceOfSatisfying(BerthException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT))
                    .hasMessage("garbage collection already running");
        }
        assertThat(fence.collectionRunning()).isFalse();
        fence.startCollection().close();
    }

    @Test
    void aLineStillBeingWritten_waitsForItsNewline_andAGarbledOneStopsTheCollection() throws Exception {
        LinkFence fence = LinkFence.open(root);
        try (LinkFence.Collection collection = fence.startCollection()) {
            Files.writeString(fence.journalFile(), "blob library/busybox " + A + "\nmanifest libr",
                    StandardCharsets.UTF_8);
            assertThat(collection.linkedSinceLastRead()).containsExactly(new Linked(LinkKind.BLOB, REPO, A));
            Files.writeString(fence.journalFile(), "blob library/busybox " + A + "\nmanifest library/busybox " + B
                    + "\nrm -rf /\n", StandardCharsets.UTF_8);
            assertThatThrownBy(collection::linkedSinceLastRead).isInstanceOfSatisfying(BerthException.class,
                    e -> assertThat(e.kind()).isEqualTo(ErrorKind.DATA_CORRUPTED))
                    .hasMessageContaining("line 3 unreadable");
        }
    }

    @Test
    @Timeout(30)
    void aCollectorStep_waitsForLinksInProgress_andLinksWaitForTheStep() throws Exception {
        LinkFence fence = LinkFence.open(root);
        try (LinkFence.Collection collection = fence.startCollection()) {
            LinkFence.Hold hold = fence.link();
            CompletableFuture<List<Linked>> step = CompletableFuture.supplyAsync(
                    () -> collection.exclusively(collection::linkedSinceLastRead));
            assertNotDoneWithin(step);
            hold.linked(LinkKind.BLOB, REPO, A);
            hold.close();
            assertThat(step.get(10, TimeUnit.SECONDS)).containsExactly(new Linked(LinkKind.BLOB, REPO, A));

            CountDownLatch inStep = new CountDownLatch(1);
            CountDownLatch endStep = new CountDownLatch(1);
            AtomicBoolean linkedDuringStep = new AtomicBoolean();
            AtomicBoolean stepRunning = new AtomicBoolean();
            CompletableFuture<Void> longStep = CompletableFuture.runAsync(() -> collection.exclusively(() -> {
                stepRunning.set(true);
                inStep.countDown();
                await(endStep);
                stepRunning.set(false);
                return null;
            }));
            inStep.await();
            CompletableFuture<Void> linker = CompletableFuture.runAsync(() -> {
                try (LinkFence.Hold h = fence.link()) {
                    linkedDuringStep.set(stepRunning.get());
                }
            });
            assertNotDoneWithin(linker);
            endStep.countDown();
            linker.get(10, TimeUnit.SECONDS);
            longStep.get(10, TimeUnit.SECONDS);
            assertThat(linkedDuringStep).isFalse();
        }
    }

    @Test
    @Timeout(60)
    void aLinkHeldByAnotherProcess_holdsBackTheCollectorStep() throws Exception {
        LinkFence fence = LinkFence.open(root);
        Process child = child("hold");
        try (BufferedReader out = reader(child); Writer in = writer(child);
                LinkFence.Collection collection = fence.startCollection()) {
            assertThat(out.readLine()).isEqualTo("holding");
            CompletableFuture<Void> step = CompletableFuture.runAsync(() -> collection.exclusively(() -> null));
            assertNotDoneWithin(step);
            in.write("go\n");
            in.flush();
            assertThat(out.readLine()).isEqualTo("released");
            step.get(20, TimeUnit.SECONDS);
        } finally {
            child.destroyForcibly().waitFor();
        }
    }

    @Test
    @Timeout(60)
    void aCollectionInAnotherProcess_isRefused_untilItIsKilled() throws Exception {
        LinkFence fence = LinkFence.open(root);
        Process child = child("collect");
        try (BufferedReader out = reader(child)) {
            assertThat(out.readLine()).isEqualTo("collecting");
            assertThat(fence.collectionRunning()).isTrue();
            assertThatThrownBy(fence::startCollection).hasMessage("garbage collection already running");
            try (LinkFence.Hold hold = fence.link()) {
                hold.linked(LinkKind.BLOB, REPO, A);
            }
        } finally {
            child.destroyForcibly().waitFor();
        }
        assertThat(fence.collectionRunning()).isFalse();
        try (LinkFence.Collection collection = fence.startCollection()) {
            assertThat(collection.linkedSinceLastRead()).as("the killed collector's journal is replaced").isEmpty();
        }
    }

    private Process child(String mode) throws Exception {
        return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), FenceHolder.class.getName(), mode, root.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }

    private static BufferedReader reader(Process p) {
        return new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    }

    private static Writer writer(Process p) {
        return new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** Not a timing assertion on success: a blocked action passes whatever the delay; only one that ran fails. */
    private static void assertNotDoneWithin(CompletableFuture<?> f) throws Exception {
        try {
            f.get(300, TimeUnit.MILLISECONDS);
            throw new AssertionError("expected to be held back, but it completed");
        } catch (TimeoutException expected) {
            assertThat(f).isNotDone();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
