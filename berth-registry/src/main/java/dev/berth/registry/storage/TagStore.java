package dev.berth.registry.storage;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Tag;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tags of each repository: {@code _manifests/tags/<tag>} holds the manifest digest. Resolutions are cached in memory
 * (bounded) and every change goes through this class, so the cache never serves a tag this process moved.
 */
public final class TagStore {
    private static final int MAX_CACHED = 100_000;

    private record Key(RepositoryName name, Tag tag) {}

    private final StorageDriver driver;
    private final LinkFence fence;
    private final Map<Key, Digest> cache = new ConcurrentHashMap<>();

    TagStore(StorageDriver driver, LinkFence fence) {
        this.driver = driver;
        this.fence = fence;
    }

    public Optional<Digest> resolve(RepositoryName name, Tag tag) {
        Key key = new Key(name, tag);
        Digest cached = cache.get(key);
        if (cached != null) {
            return Optional.of(cached);
        }
        Optional<Digest> stored = driver.read(new StoragePath.TagLink(name, tag).path())
                .map(b -> new String(b, StandardCharsets.UTF_8).trim())
                .filter(Digest::isValid)
                .map(Digest::parse);
        stored.ifPresent(d -> remember(key, d));
        return stored;
    }

    /** The resolution if it is in memory, without touching the disk. */
    public Optional<Digest> cached(RepositoryName name, Tag tag) {
        return Optional.ofNullable(cache.get(new Key(name, tag)));
    }

    public void tag(RepositoryName name, Tag tag, Digest digest) {
        try (LinkFence.Hold hold = fence.link()) {
            tag(hold, name, tag, digest);
        }
    }

    /** Points {@code tag} at {@code digest} under a hold the caller took (and may have linked the manifest in). */
    void tag(LinkFence.Hold hold, RepositoryName name, Tag tag, Digest digest) {
        if (!driver.exists(new StoragePath.Revision(name, digest).path())) {
            throw new RegistryException(ErrorCode.MANIFEST_UNKNOWN, "manifest " + digest + " is not in " + name);
        }
        hold.linked(LinkKind.MANIFEST, name, digest);
        Key key = new Key(name, tag);
        cache.remove(key);
        driver.write(new StoragePath.TagLink(name, tag).path(), digest.toString().getBytes(StandardCharsets.UTF_8));
        remember(key, digest);
    }

    public boolean untag(RepositoryName name, Tag tag) {
        cache.remove(new Key(name, tag));
        return driver.delete(new StoragePath.TagLink(name, tag).path());
    }

    /** The tags of {@code name}, sorted. */
    public List<Tag> list(RepositoryName name) {
        List<Tag> tags = new ArrayList<>();
        for (String t : driver.list(new StoragePath.Tags(name).path())) {
            if (Tag.isValid(t)) {
                tags.add(new Tag(t));
            }
        }
        return tags;
    }

    /** The tags of {@code name} that point at {@code digest}. */
    public List<Tag> tagsOf(RepositoryName name, Digest digest) {
        return list(name).stream().filter(t -> resolve(name, t).filter(digest::equals).isPresent()).toList();
    }

    /** Forgets every cached resolution of {@code name}, after its directory was removed as a whole. */
    void forget(RepositoryName name) {
        cache.keySet().removeIf(k -> k.name().equals(name));
    }

    private void remember(Key key, Digest digest) {
        if (cache.size() >= MAX_CACHED) {
            cache.clear();
        }
        cache.put(key, digest);
    }
}
