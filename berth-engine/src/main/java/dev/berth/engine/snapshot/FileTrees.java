package dev.berth.engine.snapshot;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.FileTree;
import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Deletion of directory trees the engine owns (container layers, unpacked layers, runtime state). */
public final class FileTrees {
    private FileTrees() {}

    /**
     * Deletes {@code dir} and everything below it, symlinks themselves rather than their targets; nothing to do when it
     * does not exist. The caller makes sure nothing is mounted below it.
     */
    public static void delete(Path dir) {
        try {
            FileTree.delete(dir);
        } catch (NoSuchFileException e) {
            // Removed concurrently (a second remove of the same container): the goal is reached.
            return;
        } catch (IOException e) {
            throw BerthException.io("delete " + dir, e);
        }
    }

    /**
     * Copies what is in directory {@code from} into the existing directory {@code to}, keeping owners, modes, times,
     * xattrs, symlinks and device nodes, and gives {@code to} the owner and mode of {@code from}: docker's copy of an
     * image's files into a new volume.
     */
    public static void copyContents(Path from, Path to) {
        try {
            OverlayFlattener.flatten(java.util.List.of(from), to);
        } catch (IOException e) {
            throw BerthException.io("copy " + from + " to " + to, e);
        }
    }
}
