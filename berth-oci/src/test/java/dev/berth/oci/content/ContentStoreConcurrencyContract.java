package dev.berth.oci.content;

import static dev.berth.oci.content.ContentStoreContract.randomBytes;
import static dev.berth.oci.content.ContentStoreContract.readAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The behaviour every {@link ContentStore} must show under concurrent writers, readers and walkers. */
@Timeout(120)
public abstract class ContentStoreConcurrencyContract {
    private static final int THREADS = 16;

    protected ContentStore store;
    private ExecutorService pool;

    /** A new, empty store. */
    protected abstract ContentStore createStore() throws Exception;

    @BeforeEach
    void createEmptyStore() throws Exception {
        store = createStore();
        pool = Executors.newFixedThreadPool(THREADS);
    }

    @AfterEach
    void stopThreads() throws InterruptedException {
        pool.shutdownNow();
        assertThat(pool.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
    }

    private <T> List<T> runTogether(int tasks, Callable<T> task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < tasks; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return task.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(60, TimeUnit.SECONDS));
        }
        return results;
    }

    @Test
    void concurrentPutsOfTheSameBlob_allSucceed_andOneBlobResults() throws Exception {
        byte[] content = randomBytes(2 * (1 << 20) + 3, 1);
        Digest digest = Digest.sha256(content);

        List<Digest> results = runTogether(THREADS,
                () -> store.put(new ByteArrayInputStream(content), digest, content.length));

        assertThat(results).containsOnly(digest);
        assertThat(store.list()).extracting(BlobInfo::digest).containsExactly(digest);
        assertThat(readAll(store, digest)).isEqualTo(content);
        assertThat(store.ingests()).isEmpty();
    }

    @Test
    void concurrentWritersOfTheSameBlob_underDistinctRefs_allCommit() throws Exception {
        byte[] content = randomBytes(300_000, 2);
        Digest digest = Digest.sha256(content);
        AtomicInteger refs = new AtomicInteger();

        List<BlobInfo> results = runTogether(THREADS, () -> {
            try (BlobWriter w = store.writer("w" + refs.incrementAndGet(), Optional.of(digest),
                    OptionalLong.of(content.length))) {
                for (int off = 0; off < content.length; off += 10_000) {
                    w.write(content, off, Math.min(10_000, content.length - off));
                }
                return w.commit(digest, content.length);
            }
        });

        assertThat(results).extracting(BlobInfo::digest).containsOnly(digest);
        assertThat(store.list()).hasSize(1);
        assertThat(readAll(store, digest)).isEqualTo(content);
        assertThat(store.ingests()).isEmpty();
    }

    @Test
    void concurrentWritersOfTheSameRef_exactlyOneHoldsIt() throws Exception {
        CountDownLatch allTried = new CountDownLatch(THREADS);

        List<Boolean> held = runTogether(THREADS, () -> {
            BlobWriter w;
            try {
                w = store.writer("contended", Optional.empty(), OptionalLong.empty());
            } catch (BerthException e) {
                assertThat(e.kind()).isEqualTo(ErrorKind.CONFLICT);
                assertThat(e).hasMessageContaining("ref contended locked");
                allTried.countDown();
                return false;
            }
            allTried.countDown();
            allTried.await();
            w.close();
            return true;
        });

        assertThat(held).containsOnlyOnce(true);
    }

    @Test
    void walk_duringCommitsAndDeletes_seesOnlyCompleteBlobs() throws Exception {
        int writers = 4;
        int blobsPerWriter = 40;
        AtomicBoolean writing = new AtomicBoolean(true);
        List<String> problems = Collections.synchronizedList(new ArrayList<>());
        Future<Integer> walker = pool.submit(() -> {
            int walks = 0;
            while (writing.get() || walks == 0) {
                store.walk(info -> {
                    try {
                        byte[] bytes = readAll(store, info.digest());
                        if (!Digest.sha256(bytes).equals(info.digest())) {
                            problems.add("incomplete " + info.digest());
                        }
                    } catch (BerthException e) {
                        if (e.kind() != ErrorKind.NOT_FOUND) {
                            problems.add(e.toString());
                        }
                    }
                });
                walks++;
            }
            return walks;
        });
        AtomicInteger seeds = new AtomicInteger();

        List<List<Digest>> kept = runTogether(writers, () -> {
            List<Digest> mine = new ArrayList<>();
            for (int i = 0; i < blobsPerWriter; i++) {
                byte[] content = randomBytes(8 + 50_000 * (i % 5), 1000 + seeds.incrementAndGet());
                Digest d = store.put(content);
                if (i % 4 == 3) {
                    store.delete(d);
                } else {
                    mine.add(d);
                }
            }
            return mine;
        });
        writing.set(false);

        assertThat(walker.get(60, TimeUnit.SECONDS)).isPositive();
        assertThat(problems).isEmpty();
        assertThat(store.list()).extracting(BlobInfo::digest)
                .containsExactlyInAnyOrderElementsOf(kept.stream().flatMap(List::stream).toList());
    }
}
