package dev.berth.oci.layer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Walks a lower and an upper directory side by side, like containerd's {@code doubleWalkDiff}: a path only in upper
 * is added (with everything below it), a path only in lower is deleted (its subtree implied), a path in both is
 * modified unless {@link SameFile} says otherwise. A directory replaced by a file is a modified path whose lower
 * subtree goes with it; a directory emptied is one deletion per child, never an opaque marker, as in containerd.
 * Without a lower tree every path is added.
 */
final class TreeDiffWalk implements DiffWalk {
    private final Optional<Path> lower;
    private final Path upper;

    TreeDiffWalk(Optional<Path> lower, Path upper) {
        this.lower = lower;
        this.upper = upper;
    }

    @Override
    public void walk(DiffSink sink) throws IOException {
        walkDirectory("", lower.isPresent(), sink);
    }

    private void walkDirectory(String dir, boolean lowerIsDirectory, DiffSink sink) throws IOException {
        SortedSet<String> names = new TreeSet<>(DirectoryListing.BYTE_ORDER);
        names.addAll(DirectoryListing.names(upper.resolve(dir)));
        if (lowerIsDirectory) {
            names.addAll(DirectoryListing.names(lower.orElseThrow().resolve(dir)));
        }
        for (String name : names) {
            String path = DirectoryListing.child(dir, name);
            Optional<FileMeta> u = FileMeta.readIfExists(upper.resolve(path));
            Optional<FileMeta> l = lowerIsDirectory
                    ? FileMeta.readIfExists(lower.orElseThrow().resolve(path))
                    : Optional.empty();
            if (u.isEmpty()) {
                if (l.isPresent()) {
                    sink.accept(DiffEvent.of(DiffEvent.Kind.DELETED, path));
                }
            } else if (l.isEmpty()) {
                sink.accept(DiffEvent.of(DiffEvent.Kind.ADDED, path, u.get()));
                if (u.get().isDirectory()) {
                    walkDirectory(path, false, sink);
                }
            } else {
                compare(path, l.get(), u.get(), sink);
            }
        }
    }

    private void compare(String path, FileMeta l, FileMeta u, DiffSink sink) throws IOException {
        Path lowerPath = lower.orElseThrow().resolve(path);
        if (!SameFile.same(lowerPath, l, upper.resolve(path), u, XattrFilter.PLAIN)) {
            sink.accept(DiffEvent.of(DiffEvent.Kind.MODIFIED, path, u));
        } else if (u.isHardLinked()) {
            sink.accept(DiffEvent.of(DiffEvent.Kind.UNMODIFIED_LINK, path, u));
        }
        if (u.isDirectory()) {
            walkDirectory(path, l.isDirectory(), sink);
        }
    }
}
