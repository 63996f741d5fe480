package dev.berth.oci.layer;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;

/** File-tree operations that never follow a symlink, not even one standing where a directory was expected. */
final class NoFollow {
    private NoFollow() {}

    /** The attributes of {@code path} itself, empty when nothing is there. */
    static Optional<BasicFileAttributes> lstat(Path path) throws IOException {
        try {
            return Optional.of(Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /** Deletes {@code path} and, if it is a real directory, everything below it; a symlink is removed, not followed. */
    static void deleteTree(Path path, BasicFileAttributes attrs) throws IOException {
        if (!attrs.isDirectory()) {
            Files.delete(path);
            return;
        }
        // walkFileTree does not follow links unless asked: a symlink inside is visited as a file and unlinked.
        Files.walkFileTree(path, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes a) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
