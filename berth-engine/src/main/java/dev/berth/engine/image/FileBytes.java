package dev.berth.engine.image;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashSet;
import java.util.Set;

/**
 * The size of a layer as docker reports it (moby {@code pkg/directory.Size}): the bytes of every non-directory
 * entry, symlinks included, each hard-linked inode once.
 */
public final class FileBytes {
    private FileBytes() {}

    public static long of(Path root) {
        long[] total = {0};
        Set<Object> seen = new HashSet<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    if (attrs.size() > 0 && (attrs.fileKey() == null || seen.add(attrs.fileKey()))) {
                        total[0] += attrs.size();
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw BerthException.io("measure layer " + root, e);
        }
        return total[0];
    }
}
