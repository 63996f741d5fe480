package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What changed in a filesystem tree, as {@code docker diff} lists it ({@link #changes()}) and as a layer records it
 * ({@link LayerWriter#write(LayerDiff, dev.berth.oci.spec.Compression, java.io.OutputStream)}): from nothing
 * ({@link #ofTree}), between two directories ({@link #between}), or from an overlayfs upper directory
 * ({@link #overlay}). The tree is walked anew on each use; nothing is cached.
 *
 * <p>Every directory above a change is reported as modified, before the change, so that a layer carries its owner
 * and mode; paths come parents first, names in byte order.
 */
public final class LayerDiff {
    private final String description;
    private final Path source;
    private final DiffWalk walk;
    private final XattrFilter xattrFilter;

    private LayerDiff(String description, Path source, DiffWalk walk, XattrFilter xattrFilter) {
        this.description = description;
        this.source = source;
        this.walk = walk;
        this.xattrFilter = xattrFilter;
    }

    /** Everything under {@code root} (the root itself excluded), as added. */
    public static LayerDiff ofTree(Path root) {
        requireDirectory(root, "tree");
        return new LayerDiff(root.toString(), root, new TreeDiffWalk(Optional.empty(), root), XattrFilter.PLAIN);
    }

    /** The changes from {@code lower} to {@code upper}, two complete trees (containerd's double walk). */
    public static LayerDiff between(Path lower, Path upper) {
        requireDirectory(lower, "lower");
        requireDirectory(upper, "upper");
        return new LayerDiff(lower + " -> " + upper, upper,
                new TreeDiffWalk(Optional.of(lower), upper), XattrFilter.PLAIN);
    }

    /**
     * The changes an overlayfs upper directory holds over {@code lowerDirs} (topmost first, as in the mount's
     * {@code lowerdir=}, each in overlay form). The lower directories only decide added versus modified in
     * {@link #changes()}; the layer is written from the upper directory alone.
     */
    public static LayerDiff overlay(List<Path> lowerDirs, Path upperDir) {
        Objects.requireNonNull(lowerDirs, "lowerDirs");
        lowerDirs.forEach(d -> requireDirectory(d, "overlay lower"));
        requireDirectory(upperDir, "overlay upper");
        return new LayerDiff("overlay upper " + upperDir, upperDir,
                new OverlayDiffWalk(new OverlayLowers(lowerDirs), upperDir), XattrFilter.OVERLAY_UPPER);
    }

    /** The changes, parents first, as {@code docker diff} reports them. */
    public List<Change> changes() {
        List<Change> changes = new ArrayList<>();
        try {
            walk(event -> {
                Optional<Change.Kind> kind = switch (event.kind()) {
                    case ADDED -> Optional.of(Change.Kind.ADDED);
                    case MODIFIED -> Optional.of(Change.Kind.MODIFIED);
                    case DELETED, HIDDEN -> Optional.of(Change.Kind.DELETED);
                    case OPAQUE, UNMODIFIED_LINK -> Optional.empty();
                };
                kind.ifPresent(k -> changes.add(new Change(k, "/" + event.path())));
            });
        } catch (IOException | RuntimeException e) {
            throw BerthException.wrap("list changes of " + description, e);
        }
        return changes;
    }

    /** Walks the changes, with every changed path's parents reported first. */
    void walk(DiffSink sink) throws IOException {
        walk.walk(new ParentsFirst(sink));
    }

    /** The directory whose files the layer's entries are read from. */
    Path source() {
        return source;
    }

    XattrFilter xattrFilter() {
        return xattrFilter;
    }

    @Override
    public String toString() {
        return description;
    }

    private static void requireDirectory(Path dir, String role) {
        Objects.requireNonNull(dir, role);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw BerthException.notFound(role + " directory " + dir + " does not exist or is not a directory");
        }
    }
}
