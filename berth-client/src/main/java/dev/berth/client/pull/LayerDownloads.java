package dev.berth.client.pull;

import dev.berth.client.pull.PullEvent.AlreadyExists;
import dev.berth.client.pull.PullEvent.DownloadComplete;
import dev.berth.client.pull.PullEvent.Extracting;
import dev.berth.client.pull.PullEvent.PullComplete;
import dev.berth.client.pull.PullEvent.PullingFsLayer;
import dev.berth.client.pull.PullEvent.Retrying;
import dev.berth.client.pull.PullEvent.VerifyingChecksum;
import dev.berth.client.pull.PullEvent.Waiting;
import dev.berth.client.registry.Repository;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.layer.LayerUnpacker;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * The layer half of one pull: layers already in the store are {@code Already exists}; the others are downloaded at
 * most {@code max-concurrent-downloads} at a time, each streamed from the registry through {@link LayerUnpacker} into
 * its layer directory. A blob being fetched by another pull of the same {@link Puller} is waited for, not fetched
 * twice. The first failure cancels the other downloads (their bytes are kept for a resume) and is thrown.
 */
final class LayerDownloads {
    private final Repository repo;
    private final PullTarget target;
    private final PullOptions options;
    private final Map<Digest, CompletableFuture<Void>> inFlight;
    private final Consumer<PullEvent> events;
    private volatile boolean cancelled;

    LayerDownloads(Repository repo, PullTarget target, PullOptions options,
            Map<Digest, CompletableFuture<Void>> inFlight, Consumer<PullEvent> events) {
        this.repo = repo;
        this.target = target;
        this.options = options;
        this.inFlight = inFlight;
        this.events = events;
    }

    /** Fetches every layer of {@code keys} the layer store lacks; returns how many were fetched. */
    int run(List<LayerKey> keys) {
        List<LayerKey> todo = new ArrayList<>();
        for (LayerKey k : keys) {
            if (target.layers().contains(k.chainId())) {
                events.accept(new AlreadyExists(k.blob().digest()));
            } else {
                todo.add(k);
            }
        }
        todo.forEach(k -> events.accept(new PullingFsLayer(k.blob().digest())));
        todo.stream().skip(options.maxConcurrentDownloads()).forEach(k -> events.accept(new Waiting(k.blob().digest())));
        Semaphore permits = new Semaphore(options.maxConcurrentDownloads());
        List<Future<?>> futures = new ArrayList<>();
        BerthException failure = null;
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (LayerKey k : todo) {
                futures.add(exec.submit(() -> {
                    permits.acquireUninterruptibly();
                    try {
                        layer(k);
                    } catch (RuntimeException e) {
                        cancelled = true;
                        throw e;
                    } finally {
                        permits.release();
                    }
                }));
            }
            for (Future<?> f : futures) {
                try {
                    f.get();
                } catch (ExecutionException e) {
                    BerthException b = BerthException.wrap("layer", e.getCause());
                    if (failure == null) {
                        failure = e.getCause() instanceof BerthException be ? be : b;
                    } else if (failure != e.getCause()) {
                        failure.addSuppressed(e.getCause());
                    }
                } catch (InterruptedException e) {
                    cancelled = true;
                    Thread.currentThread().interrupt();
                    throw new BerthException(ErrorKind.UNAVAILABLE, "pull interrupted", e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        return todo.size();
    }

    /** One layer: shares an in-flight fetch of the same blob, else fetches it, resuming after cuts. */
    private void layer(LayerKey k) {
        Digest blob = k.blob().digest();
        while (true) {
            if (cancelled) {
                throw new BerthException(ErrorKind.UNAVAILABLE, "layer " + blob + ": pull cancelled");
            }
            CompletableFuture<Void> mine = new CompletableFuture<>();
            CompletableFuture<Void> other = inFlight.putIfAbsent(blob, mine);
            if (other != null) {
                events.accept(new Waiting(blob));
                awaitOther(other, blob);
                if (target.layers().contains(k.chainId())) {
                    events.accept(new DownloadComplete(blob));
                    events.accept(new PullComplete(blob));
                    return;
                }
                continue; // same blob, another chain: now unpacked from the stored blob
            }
            try {
                fetchWithRetries(k);
                mine.complete(null);
                return;
            } catch (RuntimeException e) {
                mine.completeExceptionally(e);
                throw e;
            } finally {
                inFlight.remove(blob, mine);
            }
        }
    }

    private void awaitOther(CompletableFuture<Void> other, Digest blob) {
        try {
            other.get();
        } catch (ExecutionException e) {
            throw BerthException.wrap("layer " + blob + " (fetched by another pull)", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "layer " + blob + ": interrupted", e);
        }
    }

    /** Retries what the network broke (a cut, a registry down); a full disk or wrong bytes fail at once. */
    private void fetchWithRetries(LayerKey k) {
        Digest blob = k.blob().digest();
        for (int attempt = 0; ; attempt++) {
            AtomicBoolean networkFailed = new AtomicBoolean();
            try {
                fetch(k, networkFailed);
                return;
            } catch (BerthException e) {
                if (!networkFailed.get() || attempt >= options.retries() || cancelled) {
                    throw e;
                }
                long delay = options.retryDelay().toMillis() << attempt;
                events.accept(new Retrying(blob, Math.max(1, delay / 1000)));
                sleep(delay);
            }
        }
    }

    private void fetch(LayerKey k, AtomicBoolean networkFailed) {
        Digest blob = k.blob().digest();
        long size = k.blob().size();
        target.layers().create(k, dir -> LayerUnpacker.unpack(
                offset -> new ProgressStream(open(k, offset, networkFailed), blob, offset, size, events,
                        () -> cancelled, () -> networkFailed.set(true)),
                k.blob(), target.content(), dir, target.layers().applyOptions().withExpectedDiffId(k.diffId())));
        // Download, verification and extraction ran as one stream; the messages docker shows one after another
        // are all true now.
        events.accept(new VerifyingChecksum(blob));
        events.accept(new DownloadComplete(blob));
        events.accept(new Extracting(blob, size, size));
        events.accept(new PullComplete(blob));
    }

    private java.io.InputStream open(LayerKey k, long offset, AtomicBoolean networkFailed) {
        if (offset == k.blob().size()) {
            // Every byte arrived before the pull was cut (a killed daemon): a Range from the end would be a 416;
            // the stored bytes are verified against the digest as any others.
            return java.io.InputStream.nullInputStream();
        }
        try {
            return repo.openBlob(k.blob(), offset);
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.UNAVAILABLE) {
                networkFailed.set(true);
            }
            throw e;
        }
    }

    private void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "pull interrupted", e);
        }
    }
}
