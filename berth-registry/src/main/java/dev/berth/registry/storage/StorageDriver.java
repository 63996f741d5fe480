package dev.berth.registry.storage;

import java.util.List;
import java.util.Optional;

/**
 * The backend of the registry's metadata (after distribution's {@code storagedriver.StorageDriver}): small files at
 * slash-separated relative paths. It knows nothing of OCI; {@link StoragePath} decides what lives where, and blob
 * bytes live in berth-oci's content store, not here.
 *
 * <p>Contract: {@link #write} is atomic and durable (a reader or a crash sees the old or the new content, never a
 * mix); {@link #read} of a missing file is empty; {@link #list} of a missing directory is empty; {@link #delete}
 * removes a file or a whole directory and reports whether anything was there. Paths never contain {@code .} or
 * {@code ..} components or start with a slash.
 */
public interface StorageDriver {
    Optional<byte[]> read(String path);

    void write(String path, byte[] content);

    /** The names of the entries directly under {@code dir}, sorted. */
    List<String> list(String dir);

    boolean exists(String path);

    boolean delete(String path);
}
