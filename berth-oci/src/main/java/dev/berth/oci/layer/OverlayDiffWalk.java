package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Reads the changes straight from an overlayfs upper directory, as moby's overlay2 and containerd's overlay diff do:
 * a 0/0 character device is a deletion, a directory with {@code trusted.overlay.opaque=y} hides what the lower
 * layers have below it (written as dir, then opaque marker, then its new contents; its hidden lower children are
 * listed as deleted); every other entry is added, or modified when the lower layers have the path. A directory
 * that exists in both with the same mode, owners, xattrs and mtime (docker's {@code sameFsTime}) is only reported
 * if something below it changed. Everything below an opaque directory counts as added. Overlay's
 * {@code trusted.overlay.*} xattrs are left out of the layer. Upper directories written with {@code metacopy=on}
 * or {@code redirect_dir=on} are refused: their entries do not hold the data or names a layer needs.
 */
final class OverlayDiffWalk implements DiffWalk {
    private static final String METACOPY_XATTR = "trusted.overlay.metacopy";
    private static final String REDIRECT_XATTR = "trusted.overlay.redirect";

    private final OverlayLowers lowers;
    private final Path upper;

    OverlayDiffWalk(OverlayLowers lowers, Path upper) {
        this.lowers = lowers;
        this.upper = upper;
    }

    @Override
    public void walk(DiffSink sink) throws IOException {
        walkDirectory("", true, false, sink);
    }

    private void walkDirectory(String dir, boolean lowerVisible, boolean listHidden, DiffSink sink)
            throws IOException {
        SortedSet<String> names = new TreeSet<>(DirectoryListing.BYTE_ORDER);
        names.addAll(DirectoryListing.names(upper.resolve(dir)));
        Set<String> hidden = new HashSet<>();
        if (listHidden) {
            for (String name : lowers.names(dir)) {
                if (names.add(name)) {
                    hidden.add(name);
                }
            }
        }
        for (String name : names) {
            String path = DirectoryListing.child(dir, name);
            if (hidden.contains(name)) {
                sink.accept(DiffEvent.of(DiffEvent.Kind.HIDDEN, path));
                continue;
            }
            Optional<FileMeta> u = FileMeta.readIfExists(upper.resolve(path));
            if (u.isPresent()) {
                visit(path, u.get(), lowerVisible, sink);
            }
        }
    }

    private void visit(String path, FileMeta u, boolean lowerVisible, DiffSink sink) throws IOException {
        if (u.isOverlayWhiteout()) {
            sink.accept(DiffEvent.of(DiffEvent.Kind.DELETED, path));
            return;
        }
        refuseUnsupported(path, u);
        Optional<FileMeta> l = lowerVisible ? lowers.find(path) : Optional.empty();
        boolean opaque = OverlayLowers.isOpaque(u);
        if (l.isEmpty()) {
            sink.accept(DiffEvent.of(DiffEvent.Kind.ADDED, path, u));
        } else if (opaque || !u.isDirectory() || !l.get().isDirectory() || !sameDirectory(l.get(), u)) {
            sink.accept(DiffEvent.of(DiffEvent.Kind.MODIFIED, path, u));
        }
        if (opaque) {
            sink.accept(DiffEvent.of(DiffEvent.Kind.OPAQUE, path));
        }
        if (u.isDirectory()) {
            boolean lowerDirectory = l.isPresent() && l.get().isDirectory();
            walkDirectory(path, lowerDirectory && !opaque, lowerDirectory && opaque, sink);
        }
    }

    private static boolean sameDirectory(FileMeta l, FileMeta u) {
        return l.permissions() == u.permissions() && l.uid() == u.uid() && l.gid() == u.gid()
                && SameFile.sameFsTime(l.mtime(), u.mtime())
                && FileMeta.sameXattrs(XattrFilter.OVERLAY_UPPER.apply(l.xattrs()),
                        XattrFilter.OVERLAY_UPPER.apply(u.xattrs()));
    }

    private void refuseUnsupported(String path, FileMeta u) {
        if (u.xattr(METACOPY_XATTR).isPresent()) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, "overlay upper " + upper + ": " + path
                    + " is a metadata-only copy-up (metacopy=on); layers need overlay mounted with metacopy=off");
        }
        if (u.isDirectory() && u.xattr(REDIRECT_XATTR).isPresent()) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, "overlay upper " + upper + ": " + path
                    + " is a renamed directory (redirect_dir=on); layers need overlay mounted with redirect_dir=off");
        }
    }
}
