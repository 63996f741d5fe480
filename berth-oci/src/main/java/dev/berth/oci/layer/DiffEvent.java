package dev.berth.oci.layer;

import java.util.Objects;
import java.util.Optional;

/**
 * One finding of a walk over a changed tree, in walk order (parents before children, names in byte order), with the
 * path relative to the root ({@code "etc/passwd"}) and, when the walker read it, the upper file's metadata.
 */
record DiffEvent(Kind kind, String path, Optional<FileMeta> meta) {
    enum Kind {
        /** New in the upper tree: written, listed as {@code A}. */
        ADDED,
        /** Changed, or a directory holding changes: written, listed as {@code C}. */
        MODIFIED,
        /** Gone from the upper tree: a whiteout, listed as {@code D}. */
        DELETED,
        /** Gone because an opaque directory hides it: listed as {@code D}, covered by the opaque marker. */
        HIDDEN,
        /** Directory {@link #path} hides everything below it in lower layers: an opaque marker, not listed. */
        OPAQUE,
        /** Unchanged, but shares its inode with other names: re-linked if one of them is written, not listed. */
        UNMODIFIED_LINK;

        /** Whether the event is a change a {@code docker diff} reports (and so needs its parents reported). */
        boolean listed() {
            return this != OPAQUE && this != UNMODIFIED_LINK;
        }
    }

    DiffEvent {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(meta, "meta");
    }

    static DiffEvent of(Kind kind, String path) {
        return new DiffEvent(kind, path, Optional.empty());
    }

    static DiffEvent of(Kind kind, String path, FileMeta meta) {
        return new DiffEvent(kind, path, Optional.of(meta));
    }
}
