package dev.berth.client.pull;

import dev.berth.client.auth.Credentials;
import dev.berth.client.pull.PullEvent.Done;
import dev.berth.client.pull.PullEvent.PullingFrom;
import dev.berth.client.pull.PullEvent.Resolved;
import dev.berth.client.registry.RegistryClient;
import dev.berth.client.registry.Repository;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Platform;
import dev.berth.oci.spec.Raw;
import dev.berth.oci.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * {@code docker pull}: resolves a reference (tag or digest; an index narrowed to one platform, the host's unless asked
 * otherwise), fetches the missing layers straight into their layer directories ({@link LayerDownloads}), stores the
 * config, manifest and index as received, and registers the image with the {@link PullTarget}, reporting progress as
 * docker's messages ({@link PullEvent}).
 *
 * <p>One Puller serves all pulls of a daemon: concurrent pulls sharing a blob fetch it once.
 */
public final class Puller {
    private final RegistryClient registry;
    private final PullTarget target;
    private final PullOptions options;
    private final Map<Digest, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    /** How many running pulls use each config, manifest and index: a failed pull removes only what no other uses. */
    private final Map<Digest, Integer> documentUsers = new java.util.HashMap<>();

    public Puller(RegistryClient registry, PullTarget target, PullOptions options) {
        this.registry = registry;
        this.target = target;
        this.options = options;
    }

    /**
     * Pulls {@code reference} (a missing tag is {@code latest}, as in docker) for {@code platform} (the host's when
     * empty), sending progress to {@code events} from the calling thread and the download threads.
     */
    public PulledImage pull(Reference reference, Optional<Platform> platform, Consumer<PullEvent> events) {
        return pull(reference, platform, Optional.empty(), events);
    }

    /**
     * As {@link #pull(Reference, Optional, Consumer)}, logged in to the registry with {@code login} when given (the
     * client's {@code X-Registry-Auth}); downloads are still shared with every other pull of this Puller.
     */
    public PulledImage pull(Reference reference, Optional<Platform> platform, Optional<Credentials> login,
            Consumer<PullEvent> events) {
        Reference ref = reference.dockerRef();
        Consumer<PullEvent> serialised = synchronisedEvents(events);
        serialised.accept(new PullingFrom(ref.digest().map(Digest::toString).orElseGet(() -> ref.tag().orElseThrow()),
                ref.repository()));
        Repository repo = registry.forPull(ref, login);
        ResolvedImage resolved = ImageResolver.resolve(repo, ref, platform);
        var keys = LayerKey.chain(resolved.manifestValue().layers(), resolved.config().value().diffIds());
        storeWhileDownloading(resolved, () -> new LayerDownloads(repo, target, options, inFlight, serialised).run(keys));
        PulledImage image = new PulledImage(ref, resolved.top().digest(),
                resolved.index().map(Raw::descriptor), resolved.manifest().descriptor(),
                resolved.manifestValue().config(), resolved.config().value(), keys);
        boolean newer = target.register(image);
        serialised.accept(new Resolved(resolved.top().digest()));
        serialised.accept(new Done(ref.familiarString(), newer));
        return image;
    }

    /**
     * Stores the config, manifest and index (already in memory) while {@code downloads} runs, each on a thread of its
     * own: their writes and syncs overlap the layers' instead of following them. Nothing is registered before all
     * are stored. When the pull fails, the documents it added are removed again (a failed pull stores nothing),
     * unless another pull of this Puller uses them meanwhile; the first failure is thrown, the others added to it.
     */
    private void storeWhileDownloading(ResolvedImage resolved, Runnable downloads) {
        ContentStore content = target.content();
        List<Raw<?>> documents = new ArrayList<>(List.of(resolved.config(), resolved.manifest()));
        resolved.index().ifPresent(documents::add);
        List<Digest> added = new ArrayList<>();
        synchronized (documentUsers) {
            for (Raw<?> d : documents) {
                documentUsers.merge(d.digest(), 1, Integer::sum);
                if (!content.contains(d.digest())) {
                    added.add(d.digest());
                }
            }
        }
        RuntimeException failure = null;
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> stored = documents.stream().<Future<?>>map(d -> exec.submit(() -> store(content, d)))
                    .toList();
            try {
                downloads.run();
            } catch (RuntimeException e) {
                failure = e;
            }
            for (Future<?> f : stored) {
                failure = joined(f, failure);
            }
        } finally {
            release(documents, failure == null ? List.of() : added, failure);
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Ends this pull's use of {@code documents}, removing those of {@code discard} no other pull is using. */
    private void release(List<Raw<?>> documents, List<Digest> discard, RuntimeException failure) {
        synchronized (documentUsers) {
            for (Raw<?> d : documents) {
                documentUsers.computeIfPresent(d.digest(), (k, n) -> n == 1 ? null : n - 1);
            }
            for (Digest d : discard) {
                if (!documentUsers.containsKey(d) && target.content().contains(d)) {
                    try {
                        target.content().delete(d);
                    } catch (BerthException e) {
                        failure.addSuppressed(e);
                    }
                }
            }
        }
    }

    private static RuntimeException joined(Future<?> f, RuntimeException failure) {
        RuntimeException e;
        try {
            f.get();
            return failure;
        } catch (ExecutionException x) {
            e = x.getCause() instanceof RuntimeException r ? r : BerthException.wrap("pull", x.getCause());
        } catch (InterruptedException x) {
            Thread.currentThread().interrupt();
            e = new BerthException(ErrorKind.UNAVAILABLE, "pull interrupted", x);
        }
        if (failure == null) {
            return e;
        }
        failure.addSuppressed(e);
        return failure;
    }

    private static void store(ContentStore content, Raw<?> raw) {
        try {
            content.put(new ByteArrayInputStream(raw.bytes()), raw.digest(), raw.size());
        } catch (BerthException e) {
            throw BerthException.wrap("store " + raw.mediaType() + " " + raw.digest(), e);
        }
    }

    /** Events arrive from several download threads; the consumer sees them one at a time, in order. */
    private static Consumer<PullEvent> synchronisedEvents(Consumer<PullEvent> events) {
        Object lock = new Object();
        return e -> {
            synchronized (lock) {
                events.accept(e);
            }
        };
    }
}
