package dev.berth.oci.content;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Exclusive hold of one ingest: a key in the store's in-process set, for a clear refusal between threads, and an
 * OS lock on {@code ingest/<hash>/lock}, so that two processes cannot share an ingest either. Holders delete the
 * lock file when they remove the ingest, so a lock taken on a file that was unlinked meanwhile is retried.
 */
final class IngestLock implements AutoCloseable {
    private static final int ATTEMPTS = 5;

    private final Set<String> held;
    private final String key;
    private final FileChannel channel;
    private boolean released;

    private IngestLock(Set<String> held, String key, FileChannel channel) {
        this.held = held;
        this.key = key;
        this.channel = channel;
    }

    /** Takes the lock of {@code ingest} or fails with CONFLICT naming {@code ref}; creates the directory if needed. */
    static IngestLock acquire(Set<String> held, IngestDir ingest, String ref) {
        String key = ingest.dir().getFileName().toString();
        if (!held.add(key)) {
            throw locked(ref);
        }
        try {
            for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
                Optional<IngestLock> taken = tryOnce(held, key, ingest, ref);
                if (taken.isPresent()) {
                    return taken.get();
                }
            }
            throw locked(ref);
        } catch (IOException e) {
            held.remove(key);
            throw BerthException.io("lock ingest " + ref, e);
        } catch (RuntimeException e) {
            held.remove(key);
            throw e;
        }
    }

    private static Optional<IngestLock> tryOnce(Set<String> held, String key, IngestDir ingest, String ref)
            throws IOException {
        Path file = ingest.lockFile();
        try {
            Files.createDirectories(ingest.dir());
            try {
                Files.createFile(file);
            } catch (FileAlreadyExistsException exists) {
                // another holder's, or a crashed one's: the OS lock decides
            }
            Object before = fileKey(file);
            FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE);
            lockOrClose(channel, ref);
            if (!stillNamedBy(file, before)) {
                channel.close();
                return Optional.empty();
            }
            return Optional.of(new IngestLock(held, key, channel));
        } catch (NoSuchFileException removedMeanwhile) {
            return Optional.empty();
        }
    }

    private static void lockOrClose(FileChannel channel, String ref) throws IOException {
        FileLock lock = null;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException sameJvm) {
            // another store instance of this JVM holds it
        } finally {
            if (lock == null) {
                channel.close();
            }
        }
        if (lock == null) {
            throw locked(ref);
        }
    }

    /** Whether {@code file} is still the file that was opened, not unlinked (and maybe recreated) by a holder. */
    private static boolean stillNamedBy(Path file, Object key) throws IOException {
        try {
            return Objects.equals(key, fileKey(file));
        } catch (NoSuchFileException unlinked) {
            return false;
        }
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    }

    private static BerthException locked(String ref) {
        return new BerthException(ErrorKind.CONFLICT, "ingest: ref " + ref + " locked by another writer");
    }

    @Override
    public void close() {
        if (released) {
            return;
        }
        released = true;
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing releases the OS lock whatever the outcome; nothing was written through this channel
        } finally {
            held.remove(key);
        }
    }
}
