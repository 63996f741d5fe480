package dev.berth.engine.image;

import dev.berth.oci.layer.FileTree;
import dev.berth.engine.config.DataRoot;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.ApplyOptions;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.layer.LayerUnpacker;
import dev.berth.oci.layer.WhiteoutMode;
import dev.berth.oci.spec.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The unpacked read-only layers, one directory per chain ID ({@code layers/sha256/<chain>/}), each holding only its
 * own layer's changes with whiteouts in overlayfs form, so that a container stacks an image's layers as overlayfs
 * lower directories. A directory appears by an atomic rename of a complete unpack and counts only once the database
 * records it; it is shared by every image with the same layer history and removed when none uses it.
 */
public final class LayerStore {
    private final Path root;
    private final Path tmp;
    private final ImageDb db;
    private final ContentStore content;
    private final ConcurrentHashMap<Digest, Object> unpacking = new ConcurrentHashMap<>();

    public LayerStore(DataRoot dataRoot, ImageDb db, ContentStore content) {
        this.root = dataRoot.layers();
        this.tmp = dataRoot.tmp();
        this.db = db;
        this.content = content;
    }

    /** The directory of layer {@code chainId}; it exists when {@link #contains} says so. */
    public Path path(Digest chainId) {
        return root.resolve(chainId.algorithm().toString()).resolve(chainId.encoded());
    }

    public boolean contains(Digest chainId) {
        return db.hasLayer(chainId);
    }

    /**
     * Makes the directory of layer {@code chainId}: reads {@code blob} (the bytes of {@code layer}) to its end, checks
     * its digest and diff_id, stores the blob in the content store and unpacks it, in one pass. When the layer exists
     * already, only stores the blob if the content store lacks it (same diff, another compression).
     */
    public UnpackedLayer unpack(Digest chainId, Descriptor layer, Digest diffId, InputStream blob) {
        if (contains(chainId)) {
            if (!content.contains(layer.digest())) {
                content.put(blob, layer.digest(), layer.size());
            }
            return get(chainId);
        }
        ApplyOptions options = applyOptions().withExpectedDiffId(diffId);
        return create(chainId, dir -> LayerUnpacker.unpack(blob, layer, content, dir, options));
    }

    /** How layers are applied: each directory holds its own diff, whiteouts in overlayfs form, owners applied. */
    public ApplyOptions applyOptions() {
        return ApplyOptions.defaults().withWhiteoutMode(WhiteoutMode.OVERLAY);
    }

    /**
     * Creates layer {@code chainId} from what {@code unpack} writes into the (not yet existing) staging directory it
     * is given, then renames it into place and records it. One creation per chain ID runs at a time; a creation that
     * finds the layer made by another meanwhile returns it without calling {@code unpack}.
     */
    public UnpackedLayer create(Digest chainId, Function<Path, LayerDigests> unpack) {
        Object mine = new Object();
        synchronized (mine) {
            Object running;
            while ((running = unpacking.putIfAbsent(chainId, mine)) != null) {
                synchronized (running) {
                    // The other creation holds its monitor until it is done; entering it means it finished.
                }
            }
            try {
                if (contains(chainId)) {
                    return get(chainId);
                }
                return createNew(chainId, unpack);
            } finally {
                unpacking.remove(chainId);
            }
        }
    }

    /** A stored layer; NOT_FOUND when its directory is not (yet) complete. */
    public UnpackedLayer get(Digest chainId) {
        return db.layer(chainId).orElseThrow(() -> BerthException.notFound("layer " + chainId + ": not found"));
    }

    private UnpackedLayer createNew(Digest chainId, Function<Path, LayerDigests> unpack) {
        Path staging = tmp.resolve("layer-" + UUID.randomUUID());
        LayerDigests digests = unpack.apply(staging);
        Path target = path(chainId);
        try {
            Files.createDirectories(target.getParent());
            if (Files.exists(target)) {
                // Left by a crash before the database recorded it: incomplete as far as we know.
                discard(target);
            }
            Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            BerthException failure = BerthException.io("store layer " + chainId, e);
            deleteQuietly(staging, failure);
            throw failure;
        }
        UnpackedLayer unpacked = new UnpackedLayer(chainId, digests.diffId(), digests.diffSize(), FileBytes.of(target));
        db.putLayer(unpacked);
        return unpacked;
    }

    /** Removes the directories of {@code candidates} that no image uses any more, except those being unpacked. */
    public Set<Digest> removeUnused(Set<Digest> candidates, Pins pins) {
        Set<Digest> unused = db.unusedLayers();
        Set<Digest> removed = new java.util.LinkedHashSet<>();
        for (Digest chainId : candidates) {
            if (unused.contains(chainId) && !unpacking.containsKey(chainId) && !pins.pinned(chainId)) {
                removed.add(chainId);
                db.deleteLayer(chainId);
                discard(path(chainId));
            }
        }
        return removed;
    }

    /**
     * Brings directories and database back in step after a crash: directories the database does not record are
     * removed, records without a directory forgotten.
     */
    public void recover() {
        Set<Digest> recorded = db.layerIds();
        for (Digest chainId : recorded) {
            if (!Files.isDirectory(path(chainId))) {
                db.deleteLayer(chainId);
            }
        }
        if (!Files.isDirectory(root)) {
            return;
        }
        try (Stream<Path> algorithms = Files.list(root)) {
            for (Path alg : algorithms.toList()) {
                try (Stream<Path> dirs = Files.list(alg)) {
                    for (Path dir : dirs.toList()) {
                        String name = alg.getFileName() + ":" + dir.getFileName();
                        if (!Digest.isValid(name) || !recorded.contains(Digest.parse(name))) {
                            discard(dir);
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw BerthException.io("recover layers in " + root, e);
        }
    }

    /** Renames {@code dir} into tmp first, so that a half-deleted tree is never seen under its layer name. */
    private void discard(Path dir) {
        Path doomed = tmp.resolve("removing-" + UUID.randomUUID());
        try {
            Files.move(dir, doomed, StandardCopyOption.ATOMIC_MOVE);
            FileTree.delete(doomed);
        } catch (IOException e) {
            throw BerthException.io("remove layer directory " + dir, e);
        }
    }

    private static void deleteQuietly(Path dir, BerthException cause) {
        try {
            FileTree.delete(dir);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }
}
