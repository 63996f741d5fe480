package dev.berth.registry.gc;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Tag;
import dev.berth.registry.storage.LinkFence;
import dev.berth.registry.storage.Linked;
import dev.berth.registry.storage.RegistryStorage;
import dev.berth.registry.storage.StoragePath;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Online mark-and-sweep garbage collection of the registry's storage, run while it keeps serving pulls and pushes.
 *
 * <ol>
 *   <li><b>Start</b>: the {@link LinkFence} starts a collection; from then on every link made anywhere is journaled.
 *   <li><b>Mark</b>, reading without locks: in each repository, every tagged manifest and what it keeps ({@link
 *       Marks}), and everything younger than the grace period (a client pushes layers before their manifest).
 *   <li><b>Plan</b>: the untagged manifests left unmarked, ordered so that an index goes before the manifests it
 *       lists and a referrer before its subject; the blob links of each repository left unmarked; and the blobs of
 *       the content store that no repository keeps.
 *   <li><b>Sweep</b>, in batches, each one exclusive of linking: first absorb the journal (what was linked since the
 *       mark began is marked, with everything it keeps), then delete what is still unmarked — manifests, then blob
 *       links, then blobs. A crash between two deletions leaves no manifest whose references are gone.
 * </ol>
 *
 * Uploads in progress are ingests of the content store and are never touched. Prints what it marks and deletes like
 * distribution's {@code garbage-collect}.
 */
public final class GarbageCollector {
    static final int BATCH = 256;

    private final RegistryStorage storage;
    private final LinkFence fence;
    private final Consumer<String> log;
    private final References references;
    private final Runnable betweenMarkAndSweep;

    /** A collector of {@code storage} printing what it marks and deletes to {@code log}. */
    public GarbageCollector(RegistryStorage storage, Consumer<String> log) {
        this(storage, log, () -> { });
    }

    /** With an action between mark and sweep, for tests that push while a collection runs. */
    GarbageCollector(RegistryStorage storage, Consumer<String> log, Runnable betweenMarkAndSweep) {
        this.storage = Objects.requireNonNull(storage, "storage");
        this.fence = storage.fence();
        this.log = Objects.requireNonNull(log, "log");
        this.references = new References(storage);
        this.betweenMarkAndSweep = betweenMarkAndSweep;
    }

    /** Runs one collection; {@code CONFLICT} if another one is running on the same root. */
    public GcReport collect(GcOptions options) {
        long started = System.nanoTime();
        if (options.dryRun()) {
            Plan plan = plan(Instant.now().minus(options.grace()));
            return new GcReport(true, plan.marks().keptCount(), plan.manifests(), plan.links(), plan.blobs(),
                    Duration.ofNanos(System.nanoTime() - started));
        }
        try (LinkFence.Collection collection = fence.startCollection()) {
            Plan plan = plan(collection.markStart().minus(options.grace()));
            betweenMarkAndSweep.run();
            Sweep sweep = new Sweep(collection, plan.marks());
            sweep.run(plan);
            return new GcReport(false, plan.marks().keptCount(), sweep.manifests, sweep.links, sweep.blobs,
                    Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private record Plan(Marks marks, List<RepositoryDigest> manifests, List<RepositoryDigest> links,
            List<BlobInfo> blobs) {}

    private Plan plan(Instant cutoff) {
        Marks marks = new Marks(references, storage.referrers(), log);
        List<RepositoryName> repositories = storage.repositories();
        List<RepositoryDigest> oldManifests = new ArrayList<>();
        List<RepositoryDigest> oldLinks = new ArrayList<>();
        for (RepositoryName name : repositories) {
            log.accept(name.toString());
            for (Tag tag : storage.tags().list(name)) {
                storage.tags().resolve(name, tag).ifPresent(d -> marks.manifest(name, d));
            }
            for (Digest m : storage.manifests().list(name)) {
                if (olderThan(new StoragePath.Revision(name, m), cutoff)) {
                    oldManifests.add(new RepositoryDigest(name, m));
                } else {
                    marks.manifest(name, m);
                }
            }
            for (Digest b : storage.blobs().list(name)) {
                if (olderThan(new StoragePath.LayerLink(name, b), cutoff)) {
                    oldLinks.add(new RepositoryDigest(name, b));
                } else {
                    marks.blob(name, b);
                }
            }
        }
        List<RepositoryDigest> manifests = oldManifests.stream()
                .filter(m -> !marks.manifestMarked(m.repository(), m.digest()))
                .toList();
        List<RepositoryDigest> links = oldLinks.stream()
                .filter(l -> !marks.blobMarked(l.repository(), l.digest()))
                .toList();
        List<BlobInfo> blobs = new ArrayList<>();
        storage.content().walk(b -> {
            if (!marks.kept(b.digest()) && b.created().isBefore(cutoff)) {
                blobs.add(b);
            }
        });
        blobs.sort(Comparator.comparing(BlobInfo::digest));
        log.accept("");
        log.accept(marks.keptCount() + " blobs marked, " + blobs.size() + " blobs and " + manifests.size()
                + " manifests eligible for deletion");
        List<RepositoryDigest> ordered = new DeletionOrder(references, storage.referrers()).of(manifests);
        ordered.forEach(m -> log.accept("manifest eligible for deletion: " + m));
        links.forEach(l -> log.accept("blob link eligible for deletion: " + l));
        blobs.forEach(b -> log.accept("blob eligible for deletion: " + b.digest()));
        return new Plan(marks, ordered, links, blobs);
    }

    /** Whether the link at {@code path} was last written before {@code cutoff}; a link gone meanwhile is not. */
    private boolean olderThan(StoragePath path, Instant cutoff) {
        Optional<Instant> modified = storage.driver().modified(path.path());
        return modified.isPresent() && modified.get().isBefore(cutoff);
    }

    /** The deleting half, one exclusive batch at a time. */
    private final class Sweep {
        private final LinkFence.Collection collection;
        private final Marks marks;
        final List<RepositoryDigest> manifests = new ArrayList<>();
        final List<RepositoryDigest> links = new ArrayList<>();
        final List<BlobInfo> blobs = new ArrayList<>();

        Sweep(LinkFence.Collection collection, Marks marks) {
            this.collection = collection;
            this.marks = marks;
        }

        void run(Plan plan) {
            inBatches(plan.manifests(), m -> {
                if (!marks.manifestMarked(m.repository(), m.digest())) {
                    log.accept("deleting manifest " + m);
                    storage.manifests().delete(m.repository(), m.digest());
                    manifests.add(m);
                }
            });
            inBatches(plan.links(), l -> {
                if (!marks.blobMarked(l.repository(), l.digest())) {
                    log.accept("deleting blob link " + l);
                    storage.blobs().unlink(l.repository(), l.digest());
                    links.add(l);
                }
            });
            inBatches(plan.blobs(), b -> {
                if (!marks.kept(b.digest())) {
                    log.accept("deleting blob " + b.digest());
                    deleteBlob(b.digest());
                    blobs.add(b);
                }
            });
        }

        private <T> void inBatches(List<T> items, Consumer<T> delete) {
            for (int from = 0; from < items.size(); from += BATCH) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new BerthException(ErrorKind.UNAVAILABLE, "gc: interrupted after deleting "
                            + manifests.size() + " manifests, " + links.size() + " blob links and " + blobs.size()
                            + " blobs");
                }
                List<T> batch = items.subList(from, Math.min(items.size(), from + BATCH));
                collection.exclusively(() -> {
                    absorb(collection.linkedSinceLastRead());
                    batch.forEach(delete);
                    return null;
                });
            }
        }

        /** Marks what was linked since the mark began, with everything it keeps. */
        private void absorb(List<Linked> linked) {
            for (Linked l : linked) {
                switch (l.kind()) {
                    case BLOB -> marks.blob(l.repository(), l.digest());
                    case MANIFEST -> marks.manifest(l.repository(), l.digest());
                }
            }
        }

        private void deleteBlob(Digest digest) {
            try {
                storage.content().delete(digest);
            } catch (BerthException e) {
                if (e.kind() != ErrorKind.NOT_FOUND) {
                    throw e;
                }
            }
        }
    }
}
