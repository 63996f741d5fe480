package dev.berth.client.push;

import dev.berth.client.push.PushEvent.LayerAlreadyExists;
import dev.berth.client.push.PushEvent.MountedFrom;
import dev.berth.client.push.PushEvent.Preparing;
import dev.berth.client.push.PushEvent.Pushed;
import dev.berth.client.push.PushEvent.Pushing;
import dev.berth.client.push.PushEvent.Refers;
import dev.berth.client.push.PushEvent.Waiting;
import dev.berth.client.registry.BlobUploads;
import dev.berth.client.registry.RegistryClient;
import dev.berth.client.registry.Repository;
import dev.berth.oci.content.BlobReader;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.Raw;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

/**
 * {@code docker push}: sends an image from the content store to a registry. For each blob: already there ({@code
 * HEAD}) → {@code Layer already exists}; else mounted from a known source repository on the same registry → {@code
 * Mounted from …}; else uploaded (one {@code PUT}, or {@code PATCH} chunks) → {@code Pushed}. Layers go up to
 * {@code maxConcurrentUploads} at a time; the config follows, then the manifest (for an index, each child manifest by
 * digest first, then the index), always as the exact stored bytes.
 */
public final class Pusher {
    /** Progress is reported about every 1% of a layer, at least every 512 KiB. */
    private static final long PROGRESS_STEP = 512 * 1024;

    private final RegistryClient registry;
    private final BlobReader blobs;
    private final int maxConcurrentUploads;
    private final long chunkSize;

    /**
     * @param maxConcurrentUploads dockerd's {@code max-concurrent-uploads} (5 by default)
     * @param chunkSize blobs larger than this go up in {@code PATCH} chunks of this size
     */
    public Pusher(RegistryClient registry, BlobReader blobs, int maxConcurrentUploads, long chunkSize) {
        if (maxConcurrentUploads < 1 || chunkSize < 1) {
            throw new IllegalArgumentException("concurrency and chunk size must be positive");
        }
        this.registry = registry;
        this.blobs = blobs;
        this.maxConcurrentUploads = maxConcurrentUploads;
        this.chunkSize = chunkSize;
    }

    /** Pushes and returns the digest the tag now names. */
    public Digest push(PushRequest request, Consumer<PushEvent> events) {
        Consumer<PushEvent> serialised = serialised(events);
        Reference target = request.target();
        serialised.accept(new Refers(target.nameOnly().toString()));
        Repository repo = registry.forPush(target, request.login());
        Raw<ManifestDocument> top = read(request.manifest());
        pushDocument(repo, top, request, serialised);
        String tag = target.tag().orElse(request.manifest().toString());
        Digest digest = repo.uploads().putManifest(tag, top.bytes(), top.mediaType(), top.digest());
        serialised.accept(new PushEvent.Done(tag, digest, top.size()));
        return digest;
    }

    private void pushDocument(Repository repo, Raw<ManifestDocument> doc, PushRequest request,
            Consumer<PushEvent> events) {
        switch (doc.value()) {
            case Index index -> {
                for (Descriptor child : index.manifests()) {
                    if (!blobs.contains(child.digest())) {
                        continue; // a platform never pulled: the registry keeps the index's reference dangling
                    }
                    Raw<ManifestDocument> m = read(child.digest());
                    pushDocument(repo, m, request, events);
                    repo.uploads().putManifest(m.digest().toString(), m.bytes(), m.mediaType(), m.digest());
                }
            }
            case Manifest manifest -> pushImage(repo, manifest, request, events);
        }
    }

    private void pushImage(Repository repo, Manifest manifest, PushRequest request, Consumer<PushEvent> events) {
        List<Digest> diffIds = diffIds(manifest);
        List<Descriptor> layers = manifest.layers();
        List<Digest> ids = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            ids.add(i < diffIds.size() ? diffIds.get(i) : layers.get(i).digest());
        }
        ids.forEach(id -> events.accept(new Preparing(id)));
        ids.stream().skip(maxConcurrentUploads).forEach(id -> events.accept(new Waiting(id)));
        Semaphore permits = new Semaphore(maxConcurrentUploads);
        List<Future<?>> futures = new ArrayList<>();
        try (ExecutorService exec = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < layers.size(); i++) {
                Descriptor layer = layers.get(i);
                Digest id = ids.get(i);
                futures.add(exec.submit(() -> {
                    permits.acquireUninterruptibly();
                    try {
                        pushBlob(repo, layer, id, request, events, true);
                    } finally {
                        permits.release();
                    }
                }));
            }
            await(futures);
        }
        pushBlob(repo, manifest.config(), manifest.config().digest(), request, e -> { }, false);
    }

    private void pushBlob(Repository repo, Descriptor blob, Digest id, PushRequest request,
            Consumer<PushEvent> events, boolean layer) {
        if (!blobs.contains(blob.digest())) {
            throw BerthException.notFound("push " + request.target() + ": blob " + blob.digest()
                    + " is not in the local store");
        }
        if (repo.blobExists(blob)) {
            events.accept(new LayerAlreadyExists(id));
            return;
        }
        BlobUploads uploads = repo.uploads();
        Optional<java.net.URI> session = Optional.empty();
        for (Reference source : request.knownSources().getOrDefault(blob.digest(), List.of())) {
            if (!source.domain().equals(request.target().domain())
                    || source.repository().equals(request.target().repository())) {
                continue;
            }
            switch (uploads.start(blob.digest(), Optional.of(source.repository()))) {
                case BlobUploads.Start.Mounted m -> {
                    events.accept(new MountedFrom(id, source.repository()));
                    return;
                }
                case BlobUploads.Start.Session s -> session = Optional.of(s.location());
            }
            break;
        }
        java.net.URI location = session.orElseGet(() -> switch (uploads.start(blob.digest(), Optional.empty())) {
            case BlobUploads.Start.Session s -> s.location();
            case BlobUploads.Start.Mounted m -> throw new BerthException(ErrorKind.INTERNAL,
                    "registry mounted a blob nobody asked to mount");
        });
        if (layer) {
            events.accept(new Pushing(id, 0, blob.size()));
        }
        long step = Math.max(PROGRESS_STEP, blob.size() / 100);
        long[] reported = {0};
        uploads.upload(location, blob, () -> blobs.newInputStream(blob.digest()), chunkSize, sent -> {
            if (layer && (sent - reported[0] >= step || sent == blob.size())) {
                reported[0] = sent;
                events.accept(new Pushing(id, sent, blob.size()));
            }
        });
        events.accept(new Pushed(id));
    }

    private List<Digest> diffIds(Manifest manifest) {
        if (!blobs.contains(manifest.config().digest())) {
            return List.of();
        }
        try (InputStream in = blobs.newInputStream(manifest.config().digest())) {
            return ImageConfig.parse(in.readAllBytes()).diffIds();
        } catch (IOException e) {
            throw BerthException.io("read config " + manifest.config().digest(), e);
        } catch (BerthException notAnImage) {
            return List.of(); // an artifact's config: layers are named by their blobs
        }
    }

    private Raw<ManifestDocument> read(Digest digest) {
        try (InputStream in = blobs.newInputStream(digest)) {
            return Raw.manifest(in.readAllBytes(), Optional.empty(), digest.algorithm());
        } catch (IOException e) {
            throw BerthException.io("read manifest " + digest, e);
        }
    }

    private static void await(List<Future<?>> futures) {
        BerthException failure = null;
        for (Future<?> f : futures) {
            try {
                f.get();
            } catch (ExecutionException e) {
                BerthException b = e.getCause() instanceof BerthException be ? be
                        : BerthException.wrap("push", e.getCause());
                if (failure == null) {
                    failure = b;
                } else {
                    failure.addSuppressed(b);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BerthException(ErrorKind.UNAVAILABLE, "push interrupted", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static Consumer<PushEvent> serialised(Consumer<PushEvent> events) {
        Object lock = new Object();
        return e -> {
            synchronized (lock) {
                events.accept(e);
            }
        };
    }
}
