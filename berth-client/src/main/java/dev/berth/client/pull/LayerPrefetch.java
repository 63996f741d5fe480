package dev.berth.client.pull;

import dev.berth.client.registry.Repository;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.LayerUnpacker;
import dev.berth.oci.spec.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;

/**
 * Layer downloads asked for while the image config is still on its way, as dockerd pulls the config and the layers
 * at once: a small image otherwise waits one more round trip to the registry before its first layer byte. The config
 * is still needed first to know each layer's chain ID (whether it {@code Already exists}), so only layers likely to
 * be fetched are asked for: the first {@code max-concurrent-downloads} whose blob the store lacks, with no ingest to
 * resume and no fetch by another pull in flight. Each is claimed in the puller's in-flight map like any download, so
 * a concurrent pull waits for it instead of fetching it too.
 *
 * <p>{@link #take} hands a response to the download of its layer; {@link #close} ends what was not taken (the layer
 * existed after all, the pull failed), releasing its claim.
 */
final class LayerPrefetch implements AutoCloseable {
    private final Map<Digest, CompletableFuture<Void>> inFlight;
    private final Map<Digest, Claim> claims = new LinkedHashMap<>();

    /** One blob claimed in the in-flight map, and its response once the registry answers. */
    private record Claim(CompletableFuture<Void> done, CompletableFuture<InputStream> response) {}

    private LayerPrefetch(Map<Digest, CompletableFuture<Void>> inFlight) {
        this.inFlight = inFlight;
    }

    /** Asks {@code repo} for the first {@code max} of {@code layers} worth asking for before the config is known. */
    static LayerPrefetch start(Repository repo, List<Descriptor> layers, ContentStore content, int max,
            Map<Digest, CompletableFuture<Void>> inFlight) {
        LayerPrefetch prefetch = new LayerPrefetch(inFlight);
        var opener = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("layer-prefetch").factory());
        for (Descriptor layer : layers) {
            if (prefetch.claims.size() == max) {
                break;
            }
            Digest blob = layer.digest();
            if (prefetch.claims.containsKey(blob) || content.contains(blob)
                    || content.status(LayerUnpacker.ingestRef(blob)).isPresent()) {
                continue;
            }
            CompletableFuture<Void> done = new CompletableFuture<>();
            if (inFlight.putIfAbsent(blob, done) != null) {
                continue;
            }
            prefetch.claims.put(blob, new Claim(done,
                    CompletableFuture.supplyAsync(() -> repo.openBlob(layer, 0), opener)));
        }
        // Each task runs on a thread of its own, ending with its request: nothing to shut down.
        opener.shutdown();
        return prefetch;
    }

    /**
     * The in-flight claim of {@code blob} this prefetch made, now the caller's: it completes and removes it when its
     * download ends, as with a claim of its own.
     */
    synchronized Optional<CompletableFuture<Void>> claim(Digest blob) {
        Claim c = claims.get(blob);
        return c == null ? Optional.empty() : Optional.of(c.done());
    }

    /**
     * The response asked for {@code blob} (from its first byte), once; empty when none was asked for or the request
     * failed: the caller then asks again itself, with its retries, and meets the failure there if it lasts.
     */
    synchronized Optional<InputStream> take(Digest blob) {
        Claim c = claims.remove(blob);
        if (c == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(c.response().get());
        } catch (ExecutionException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close(c);
            throw new BerthException(dev.berth.oci.error.ErrorKind.UNAVAILABLE, "layer " + blob + ": interrupted", e);
        }
    }

    /**
     * Ends what was not taken: its response closed (its connection dropped, not read to the end), its claim released
     * for a pull that waits on it.
     */
    @Override
    public synchronized void close() {
        claims.forEach((blob, c) -> {
            close(c);
            inFlight.remove(blob, c.done());
            c.done().complete(null);
        });
        claims.clear();
    }

    private static void close(Claim c) {
        c.response().thenAccept(in -> {
            try {
                in.close();
            } catch (IOException e) {
                // A response never read: closing it drops its connection, and a failure to do so leaves nothing.
            }
        });
    }
}
