package dev.berth.registry.gc;

import dev.berth.oci.content.BlobInfo;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What one garbage collection did: how many blobs the mark kept, and the manifests, blob links and blobs deleted
 * (or, in a dry run, that would have been).
 */
public record GcReport(boolean dryRun, int blobsMarked, List<RepositoryDigest> manifests,
        List<RepositoryDigest> blobLinks, List<BlobInfo> blobs, Duration took) {
    public GcReport {
        manifests = List.copyOf(manifests);
        blobLinks = List.copyOf(blobLinks);
        blobs = List.copyOf(blobs);
        Objects.requireNonNull(took, "took");
    }

    public long bytes() {
        return blobs.stream().mapToLong(BlobInfo::size).sum();
    }

    /** One line, for logs: {@code gc: deleted 2 manifests, 3 blob links and 4 blobs (1234 bytes) in 0.2s}. */
    public String summary() {
        return (dryRun ? "gc (dry run): would delete " : "gc: deleted ") + manifests.size() + " manifests, "
                + blobLinks.size() + " blob links and " + blobs.size() + " blobs (" + bytes() + " bytes); "
                + blobsMarked + " blobs marked; took " + took.toMillis() + " ms";
    }
}
