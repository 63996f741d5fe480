package dev.berth.engine.snapshot;

import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.ApplyOptions;
import dev.berth.oci.layer.LayerUnpacker;
import dev.berth.oci.layer.WhiteoutMode;
import dev.berth.oci.spec.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * For tests of snapshotters and the runtime without a daemon (the daemon's layers are {@code image.LayerStore}'s):
 * image layers unpacked once each, in overlay form, shared by every image and container that has them below:
 * <pre>
 * ROOT/
 *   &lt;chain id hex&gt;/   the layer's files; whiteouts as 0/0 character devices, opaque directories marked
 *   .tmp-&lt;uuid&gt;/      an unpack in progress, renamed into place when complete
 * </pre>
 * A layer is keyed by its chain id (OCI image spec config.md, "Layer ChainID"): the same diff on a different parent
 * is another directory, since the whiteouts of a layer only mean something over its parents.
 */
public final class TestLayerStore {
    private final Path root;

    private TestLayerStore(Path root) {
        this.root = root;
    }

    public static TestLayerStore open(Path root) {
        return new TestLayerStore(SnapshotDirs.createRoot(root));
    }

    /** {@code ChainID(L0) = DiffID(L0)}, {@code ChainID(Ln) = sha256(ChainID(Ln-1) + " " + DiffID(Ln))}. */
    public static List<Digest> chainIds(List<Digest> diffIds) {
        List<Digest> chain = new ArrayList<>(diffIds.size());
        for (Digest diffId : diffIds) {
            chain.add(chain.isEmpty() ? diffId : Digest.sha256(chain.getLast() + " " + diffId));
        }
        return chain;
    }

    /** The directory of the layer with this chain id, if unpacked. */
    public Optional<Path> find(Digest chainId) {
        Path dir = dirOf(chainId);
        return Files.isDirectory(dir) ? Optional.of(dir) : Optional.empty();
    }

    /**
     * The layer directories of an image, topmost first (as {@link Snapshotter#create} takes them), unpacking from
     * {@code blobs} those not unpacked yet. {@code layers} and {@code diffIds} are the manifest's layers and the
     * config's {@code rootfs.diff_ids}, base first.
     */
    public List<Path> unpack(List<Descriptor> layers, List<Digest> diffIds, ContentStore blobs) {
        if (layers.size() != diffIds.size()) {
            throw BerthException.invalid("unpack image: " + layers.size() + " layers but " + diffIds.size()
                    + " diff_ids in the config");
        }
        List<Digest> chain = chainIds(diffIds);
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < layers.size(); i++) {
            dirs.add(unpackOne(layers.get(i), diffIds.get(i), chain.get(i), blobs));
        }
        Collections.reverse(dirs);
        return dirs;
    }

    private Path unpackOne(Descriptor layer, Digest diffId, Digest chainId, ContentStore blobs) {
        Path dir = dirOf(chainId);
        if (Files.isDirectory(dir)) {
            return dir;
        }
        Path tmp = root.resolve(".tmp-" + UUID.randomUUID());
        ApplyOptions options = ApplyOptions.defaults().withWhiteoutMode(WhiteoutMode.OVERLAY)
                .withExpectedDiffId(diffId);
        try (InputStream in = blobs.newInputStream(layer.digest())) {
            LayerUnpacker.unpack(in, layer, blobs, tmp, options);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException | java.nio.file.DirectoryNotEmptyException e) {
            // Another caller unpacked the same layer meanwhile: theirs is as good as ours.
            FileTrees.delete(tmp);
        } catch (IOException e) {
            FileTrees.delete(tmp);
            throw BerthException.io("unpack layer " + layer.digest(), e);
        }
        return dir;
    }

    /** Deletes the unpacked layer {@code chainId}; the caller makes sure no image or container uses it. */
    public void remove(Digest chainId) {
        FileTrees.delete(dirOf(chainId));
    }

    private Path dirOf(Digest chainId) {
        return root.resolve(chainId.encoded());
    }
}
