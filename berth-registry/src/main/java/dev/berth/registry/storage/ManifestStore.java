package dev.berth.registry.storage;

import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Raw;
import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Tag;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Manifests of each repository: the bytes as pushed are a blob of the content store, and
 * {@code _manifests/revisions/<digest>} links them into the repository with the media type they were pushed as.
 * Reads are cached in memory up to {@link #CACHE_BYTES}, since manifests are small, immutable and read far more often
 * than written; every change goes through this class.
 */
public final class ManifestStore {
    static final long CACHE_BYTES = 64L << 20;

    private record Key(RepositoryName name, Digest digest) {}

    private final StorageDriver driver;
    private final ContentStore content;
    private final ReferrerIndex referrers;
    private final TagStore tags;
    private final LinkFence fence;
    private final Map<Key, StoredManifest> cache = new ConcurrentHashMap<>();
    private final AtomicLong cachedBytes = new AtomicLong();

    ManifestStore(StorageDriver driver, ContentStore content, ReferrerIndex referrers, TagStore tags, LinkFence fence) {
        this.driver = driver;
        this.content = content;
        this.referrers = referrers;
        this.tags = tags;
        this.fence = fence;
    }

    /** Stores a validated manifest and links it into {@code name}; its subject, if any, gains it as a referrer. */
    public StoredManifest put(RepositoryName name, Raw<ManifestDocument> raw) {
        return put(name, raw, Optional.empty());
    }

    /**
     * {@link #put(RepositoryName, Raw)}, then points {@code tag} at it, under one link hold: between two holds a
     * collection could start, find the manifest untagged and collect it before the tag is written.
     */
    public StoredManifest put(RepositoryName name, Raw<ManifestDocument> raw, Optional<Tag> tag) {
        byte[] bytes = raw.bytes();
        ManifestDocument doc = raw.value();
        try (LinkFence.Hold hold = fence.link()) {
            requireReferences(name, doc);
            hold.linked(LinkKind.MANIFEST, name, raw.digest());
            content.put(new java.io.ByteArrayInputStream(bytes), raw.digest(), bytes.length);
            Optional<Descriptor> subject = doc.subject();
            if (subject.isPresent()) {
                referrers.add(name, subject.get().digest(), referrerDescriptor(raw));
            }
            driver.write(new StoragePath.Revision(name, raw.digest()).path(),
                    raw.mediaType().getBytes(StandardCharsets.UTF_8));
            tag.ifPresent(t -> tags.tag(hold, name, t, raw.digest()));
        }
        StoredManifest stored = new StoredManifest(raw.digest(), raw.mediaType(), bytes);
        remember(new Key(name, raw.digest()), stored);
        return stored;
    }

    /**
     * {@code MANIFEST_BLOB_UNKNOWN} unless every blob and manifest {@code doc} references is in {@code name}. Checked
     * under the link hold, so that a garbage collection cannot remove a reference between this check and the link.
     */
    private void requireReferences(RepositoryName name, ManifestDocument doc) {
        List<Descriptor> refs = switch (doc) {
            case Manifest m -> Stream.concat(Stream.of(m.config()), m.layers().stream()).toList();
            case Index i -> i.manifests();
        };
        for (Descriptor d : refs) {
            if (MediaTypes.isNonDistributable(d.mediaType()) && !d.urls().isEmpty()) {
                continue; // a foreign layer is fetched from its urls, not from this registry
            }
            boolean present = (driver.exists(new StoragePath.LayerLink(name, d.digest()).path())
                    || driver.exists(new StoragePath.Revision(name, d.digest()).path()))
                    && content.contains(d.digest());
            if (!present) {
                throw new RegistryException(ErrorCode.MANIFEST_BLOB_UNKNOWN, "manifest references " + d.digest()
                        + ", which is not in repository " + name);
            }
        }
    }

    /** The manifest {@code digest} of {@code name}, or empty when it is not in that repository. */
    public Optional<StoredManifest> get(RepositoryName name, Digest digest) {
        Key key = new Key(name, digest);
        StoredManifest cached = cache.get(key);
        // The link is looked at even on a hit: a collector in another process may have removed it.
        if (cached != null && driver.exists(new StoragePath.Revision(name, digest).path())) {
            return Optional.of(cached);
        }
        Optional<byte[]> link = driver.read(new StoragePath.Revision(name, digest).path());
        if (link.isEmpty() || !content.contains(digest)) {
            return Optional.empty();
        }
        byte[] bytes;
        try (InputStream in = content.newInputStream(digest)) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw dev.berth.oci.error.BerthException.io("read manifest " + digest, e);
        }
        StoredManifest stored = new StoredManifest(digest, new String(link.get(), StandardCharsets.UTF_8), bytes);
        remember(key, stored);
        return Optional.of(stored);
    }

    /** The manifest if it is in memory, without touching the disk. */
    public Optional<StoredManifest> cached(RepositoryName name, Digest digest) {
        return Optional.ofNullable(cache.get(new Key(name, digest)));
    }

    public boolean exists(RepositoryName name, Digest digest) {
        return driver.exists(new StoragePath.Revision(name, digest).path());
    }

    /**
     * Unlinks the manifest from {@code name} and drops it from its subject's referrers; the caller removes the tags
     * pointing at it. The bytes stay in the content store until collected.
     */
    public boolean delete(RepositoryName name, Digest digest) {
        Optional<StoredManifest> stored = get(name, digest);
        cache.computeIfPresent(new Key(name, digest), (k, v) -> {
            cachedBytes.addAndGet(-v.size());
            return null;
        });
        stored.flatMap(ManifestStore::subjectOf).ifPresent(s -> referrers.remove(name, s, digest));
        return driver.delete(new StoragePath.Revision(name, digest).path());
    }

    /** The manifests of {@code name}, sorted by digest. */
    public List<Digest> list(RepositoryName name) {
        return Links.digestsUnder(driver, new StoragePath.Revisions(name).path());
    }

    /** The descriptor the referrers API lists for a manifest: its artifact type, annotations, size and digest. */
    static Descriptor referrerDescriptor(Raw<ManifestDocument> raw) {
        ManifestDocument doc = raw.value();
        Optional<String> artifactType = switch (doc) {
            case Manifest m -> Optional.of(m.effectiveArtifactType());
            case Index i -> i.artifactType();
        };
        return new Descriptor(raw.mediaType(), raw.digest(), raw.size(), List.of(), doc.annotations(),
                Optional.empty(), artifactType, Optional.empty());
    }

    private static Optional<Digest> subjectOf(StoredManifest m) {
        try {
            return ManifestDocument.parse(m.bytes(), Optional.of(m.mediaType())).subject().map(Descriptor::digest);
        } catch (dev.berth.oci.error.BerthException unparsable) {
            return Optional.empty();
        }
    }

    void forget(RepositoryName name) {
        cache.keySet().removeIf(k -> k.name().equals(name));
    }

    private void remember(Key key, StoredManifest m) {
        if (m.size() > CACHE_BYTES / 16) {
            return;
        }
        if (cachedBytes.addAndGet(m.size()) > CACHE_BYTES) {
            cache.clear();
            cachedBytes.set(m.size());
        }
        StoredManifest previous = cache.put(key, m);
        if (previous != null) {
            cachedBytes.addAndGet(-previous.size());
        }
    }
}
