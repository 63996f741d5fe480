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
import java.io.ByteArrayInputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
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
        new LayerDownloads(repo, target, options, inFlight, serialised).run(keys);
        ContentStore content = target.content();
        store(content, resolved.config());
        store(content, resolved.manifest());
        resolved.index().ifPresent(i -> store(content, i));
        PulledImage image = new PulledImage(ref, resolved.top().digest(),
                resolved.index().map(Raw::descriptor), resolved.manifest().descriptor(),
                resolved.manifestValue().config(), resolved.config().value(), keys);
        boolean newer = target.register(image);
        serialised.accept(new Resolved(resolved.top().digest()));
        serialised.accept(new Done(ref.familiarString(), newer));
        return image;
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
