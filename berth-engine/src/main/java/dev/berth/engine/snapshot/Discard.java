package dev.berth.engine.snapshot;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Deletes directory trees off the caller's path: a tree is renamed into {@code dir} — one metadata operation, where
 * deleting it in place is one per entry, each of which waits for the file system's journal behind the other writers
 * (1-10 ms apiece on a busy host: a container's state of ~15 files took 7-60 ms of each removal) — and deleted from
 * there on a virtual thread. The tree is gone from its place when {@link #tree} returns; {@code dir} is emptied at
 * the next start of whatever a crash left in it (the data root's {@code tmp/}). A tree on another file system than
 * {@code dir}, or without {@code dir}, is deleted in place.
 *
 * @param dir where trees wait for their deletion; empty: every tree is deleted in place
 */
public record Discard(Optional<Path> dir) {
    private static final Logger LOG = Logger.getLogger(Discard.class.getName());

    /** Deletes in place, as {@link FileTrees#delete}: for state that no start empties. */
    public static final Discard IN_PLACE = new Discard(Optional.empty());

    public Discard {
        Objects.requireNonNull(dir, "dir");
    }

    /** Trees moved into {@code dir}, which a start empties (it must be on the same file system to gain anything). */
    public static Discard into(Path dir) {
        return new Discard(Optional.of(dir));
    }

    /**
     * Removes {@code tree} from its place now and deletes it soon; nothing to do when it does not exist. The caller
     * makes sure nothing is mounted below it.
     */
    public void tree(Path tree) {
        if (dir.isEmpty()) {
            FileTrees.delete(tree);
            return;
        }
        Path moved = dir.get().resolve(tree.getFileName() + "." + UUID.randomUUID());
        try {
            Files.move(tree, moved, StandardCopyOption.ATOMIC_MOVE);
        } catch (NoSuchFileException e) {
            // The tree is gone already, or dir is: then in place.
            FileTrees.delete(tree);
            return;
        } catch (AtomicMoveNotSupportedException e) {
            FileTrees.delete(tree);
            return;
        } catch (IOException e) {
            throw BerthException.io("discard " + tree, e);
        }
        Thread.ofVirtual().name("berth-discard").start(() -> {
            try {
                FileTrees.delete(moved);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "delete discarded " + tree + " (left in " + moved + " until the next start)",
                        e);
            }
        });
    }
}
