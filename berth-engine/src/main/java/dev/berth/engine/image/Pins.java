package dev.berth.engine.image;

import dev.berth.oci.digest.Digest;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Layers and blobs an operation in progress (a load, a pull) relies on before an image records them: garbage
 * collection leaves them alone until the operation's {@link Lease} closes.
 */
public final class Pins {
    private final ConcurrentHashMap<Digest, Integer> counts = new ConcurrentHashMap<>();

    /** Pins held by one operation, released together. */
    public final class Lease implements AutoCloseable {
        private final java.util.List<Digest> held = new java.util.ArrayList<>();

        public synchronized void pin(Digest digest) {
            counts.merge(digest, 1, Integer::sum);
            held.add(digest);
        }

        @Override
        public synchronized void close() {
            for (Digest d : held) {
                counts.computeIfPresent(d, (k, n) -> n == 1 ? null : n - 1);
            }
            held.clear();
        }
    }

    /**
     * Pins {@code digest} until {@link #releaseAll} names it: for pulls, whose layers are made on download threads
     * and recorded later by the image they belong to.
     */
    public void hold(Digest digest) {
        counts.merge(digest, 1, Integer::sum);
    }

    /** Drops every pin of {@code digests}: an image now records them. */
    public void releaseAll(java.util.Collection<Digest> digests) {
        digests.forEach(counts::remove);
    }

    public Lease lease() {
        return new Lease();
    }

    public boolean pinned(Digest digest) {
        return counts.containsKey(digest);
    }
}
