package dev.berth.registry.storage;

import dev.berth.oci.content.ContentStore;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.registry.api.RepositoryName;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The registry's storage: the content store holding every blob once, and per-repository metadata through a
 * {@link StorageDriver}, laid out as drawn in {@link StoragePath}. A garbage collector walks
 * {@link #repositories()} → {@link ManifestStore#list}/{@link TagStore#list}/{@link BlobLinks#list} for the marks
 * and {@link #content()} for the sweep.
 */
public final class RegistryStorage {
    private final StorageDriver driver;
    private final ContentStore content;
    private final BlobLinks blobs;
    private final TagStore tags;
    private final ReferrerIndex referrers;
    private final ManifestStore manifests;
    private final UploadStore uploads;
    private final LinkFence fence;

    /**
     * Storage whose links are made under {@code fence}, so that garbage collection can run beside it: every change
     * that makes content reachable is announced to a running collection (see {@link LinkFence}).
     */
    public RegistryStorage(StorageDriver driver, ContentStore content, LinkFence fence) {
        this.driver = Objects.requireNonNull(driver, "driver");
        this.content = Objects.requireNonNull(content, "content");
        this.fence = Objects.requireNonNull(fence, "fence");
        this.blobs = new BlobLinks(driver, content, fence);
        this.tags = new TagStore(driver, fence);
        this.referrers = new ReferrerIndex(driver);
        this.manifests = new ManifestStore(driver, content, referrers, tags, fence);
        this.uploads = new UploadStore(driver, content, blobs, fence);
    }

    /** The filesystem storage at {@code root}: {@code root/content} for blobs, {@code root/repositories} for the rest. */
    public static RegistryStorage open(Path root) {
        return new RegistryStorage(new FilesystemDriver(root), LocalContentStore.open(root.resolve("content")),
                LinkFence.open(root));
    }

    public ContentStore content() {
        return content;
    }

    /** What linking and garbage collection coordinate through. */
    public LinkFence fence() {
        return fence;
    }

    public StorageDriver driver() {
        return driver;
    }

    public BlobLinks blobs() {
        return blobs;
    }

    public TagStore tags() {
        return tags;
    }

    public ManifestStore manifests() {
        return manifests;
    }

    public ReferrerIndex referrers() {
        return referrers;
    }

    public UploadStore uploads() {
        return uploads;
    }

    /** Every repository, sorted by name: directories under {@code repositories/} holding any of the '_' subdirectories. */
    public List<RepositoryName> repositories() {
        List<RepositoryName> out = new ArrayList<>();
        collect(StoragePath.REPOSITORIES, "", out);
        out.sort(null);
        return out;
    }

    private void collect(String dir, String prefix, List<RepositoryName> out) {
        List<String> entries = driver.list(dir);
        boolean isRepository = false;
        for (String entry : entries) {
            if (entry.startsWith("_")) {
                isRepository = true;
            } else {
                String name = prefix.isEmpty() ? entry : prefix + "/" + entry;
                if (RepositoryName.isValid(name)) {
                    collect(dir + "/" + entry, name, out);
                }
            }
        }
        if (isRepository && !prefix.isEmpty()) {
            out.add(RepositoryName.of(prefix));
        }
    }
}
