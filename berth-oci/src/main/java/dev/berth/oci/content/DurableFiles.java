package dev.berth.oci.content;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/** The write → fsync → rename → fsync-directory steps that make a file change survive a crash whole or not at all. */
public final class DurableFiles {
    private DurableFiles() {}

    /**
     * Replaces {@code file} with {@code text} atomically for readers and for a killed process, without the fsync: for
     * files whose loss in a power cut is detected and recovered from (containerd writes its ingest metadata so too).
     */
    static void replace(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Makes the entries of {@code dir} (a rename or a creation in it) durable. */
    public static void syncDirectory(Path dir) throws IOException {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    /** Creates {@code dir} and its parents if missing, syncing each parent that got a new entry. */
    public static void createDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        Path parent = dir.getParent();
        if (parent != null) {
            createDirectories(parent);
        }
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException raced) {
            return;
        }
        if (parent != null) {
            syncDirectory(parent);
        }
    }
}
