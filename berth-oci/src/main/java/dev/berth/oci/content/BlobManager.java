package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/** Lists and removes committed blobs, the part of containerd's {@code content.Manager} a garbage collector needs. */
public interface BlobManager {
    /** Removes the blob; {@link dev.berth.oci.error.ErrorKind#NOT_FOUND} if the store does not hold it. */
    void delete(Digest digest);

    /**
     * Calls {@code visitor} once for each blob, in no particular order. Blobs committed or deleted during the walk may
     * or may not be seen, but every blob seen is complete; the visitor may delete blobs. Files that are not named like
     * a blob are skipped. An exception thrown by the visitor ends the walk.
     */
    void walk(Consumer<? super BlobInfo> visitor);

    /** All blobs, sorted by digest. */
    default List<BlobInfo> list() {
        List<BlobInfo> all = new ArrayList<>();
        walk(all::add);
        all.sort(Comparator.comparing(BlobInfo::digest));
        return all;
    }
}
