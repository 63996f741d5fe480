package dev.berth.oci.layer;

import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** File-tree operations that never follow a symlink, not even one standing where a directory was expected. */
final class NoFollow {
    private NoFollow() {}

    /** The attributes of {@code path} itself, empty when nothing is there. */
    static Optional<BasicFileAttributes> lstat(Path path) throws IOException {
        // Asked of every entry of a layer, and mostly absent: no exception thrown (and its stack filled) per entry.
        return Syscalls.lstat(path).map(BasicFileAttributes.class::cast);
    }

    /** Deletes {@code path} and, if it is a real directory, everything below it; a symlink is removed, not followed. */
    static void deleteTree(Path path, BasicFileAttributes attrs) throws IOException {
        if (attrs.isDirectory()) {
            FileTree.delete(path);
        } else {
            Files.delete(path);
        }
    }
}
