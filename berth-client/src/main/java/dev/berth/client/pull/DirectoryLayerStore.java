package dev.berth.client.pull;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.FileTree;
import dev.berth.oci.layer.LayerDigests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.UUID;
import java.util.function.Function;

/**
 * A {@link LayerStore} of plain directories:
 *
 * <pre>
 * ROOT/
 * ├── &lt;algorithm&gt;/&lt;chain id hex&gt;/   one unpacked layer (its own diff, overlay whiteouts), committed by rename
 * └── staging/&lt;uuid&gt;/                 a layer being unpacked; leftovers of a crash are removed on open
 * </pre>
 */
public final class DirectoryLayerStore implements LayerStore {
    private final Path root;
    private final Path staging;

    private DirectoryLayerStore(Path root) {
        this.root = root;
        this.staging = root.resolve("staging");
    }

    /** Opens (creating) the store at {@code root} and clears what a crashed unpack left in staging. */
    public static DirectoryLayerStore open(Path root) {
        DirectoryLayerStore store = new DirectoryLayerStore(root.toAbsolutePath());
        try {
            if (Files.isDirectory(store.staging)) {
                FileTree.delete(store.staging);
            }
            Files.createDirectories(store.staging);
        } catch (IOException e) {
            throw BerthException.io("open layer store " + root, e);
        }
        return store;
    }

    /** The directory of layer {@code chainId} (which may not exist). */
    public Path path(Digest chainId) {
        return root.resolve(chainId.algorithm().id()).resolve(chainId.encoded());
    }

    @Override
    public boolean contains(Digest chainId) {
        return Files.isDirectory(path(chainId));
    }

    @Override
    public LayerDigests create(LayerKey key, Function<Path, LayerDigests> unpack) {
        Path dir = staging.resolve(UUID.randomUUID().toString());
        LayerDigests digests = unpack.apply(dir);
        Path target = path(key.chainId());
        try {
            Files.createDirectories(target.getParent());
            Files.move(dir, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // rename(2) onto a committed layer fails (ENOTEMPTY, which Java reports as a plain FileSystemException):
            // another pull committed the same layer first, with the same content; keep theirs.
            boolean raced = Files.isDirectory(target);
            BerthException failure = BerthException.io((raced ? "remove duplicate of layer " : "commit layer ")
                    + key.chainId(), e);
            try {
                FileTree.delete(dir);
            } catch (IOException removal) {
                failure.addSuppressed(removal);
                throw failure;
            }
            if (!raced) {
                throw failure;
            }
        }
        return digests;
    }

}
