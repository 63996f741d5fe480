package dev.berth.registry.storage;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.registry.api.RepositoryName;
import java.util.List;
import java.util.Optional;

/**
 * The blobs a repository can read: a blob is visible through a repository only when it is committed in the content
 * store and linked there (pushed, mounted, or a manifest of that repository).
 */
public final class BlobLinks {
    private static final byte[] EMPTY = new byte[0];

    private final StorageDriver driver;
    private final ContentStore content;

    BlobLinks(StorageDriver driver, ContentStore content) {
        this.driver = driver;
        this.content = content;
    }

    /** The blob as {@code name} sees it, or empty when it is not linked there or not stored. */
    public Optional<BlobInfo> stat(RepositoryName name, Digest digest) {
        if (!isLinked(name, digest)) {
            return Optional.empty();
        }
        return content.info(digest);
    }

    public boolean isLinked(RepositoryName name, Digest digest) {
        return driver.exists(new StoragePath.LayerLink(name, digest).path())
                || driver.exists(new StoragePath.Revision(name, digest).path());
    }

    /** Links a committed blob into {@code name}; a repeat is a no-op. */
    public void link(RepositoryName name, Digest digest) {
        String path = new StoragePath.LayerLink(name, digest).path();
        if (!driver.exists(path)) {
            driver.write(path, EMPTY);
        }
    }

    /** Removes the blob from {@code name}; the bytes stay for other repositories until collected. */
    public boolean unlink(RepositoryName name, Digest digest) {
        return driver.delete(new StoragePath.LayerLink(name, digest).path());
    }

    /** The blobs linked into {@code name} by push or mount (manifests not included), sorted. */
    public List<Digest> list(RepositoryName name) {
        return Links.digestsUnder(driver, new StoragePath.LayerLinks(name).path());
    }
}
