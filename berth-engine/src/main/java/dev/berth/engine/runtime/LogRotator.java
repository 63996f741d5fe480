package dev.berth.engine.runtime;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Keeps {@code max-file} generations of container logs that conmon starts over at {@code --log-size-max}
 * ({@link LogFiles} draws the files).
 *
 * <p>conmon does not rotate: it opens {@code LOG.tmp} (truncating it) and renames it over {@code LOG}, which unlinks
 * the file it wrote before. This rotator, woken by inotify on the container's directory, gives every file a
 * numbered hard link before that happens, so the replaced file lives on as generation N: it hard-links a new empty
 * file as both {@code LOG.tmp} and {@code LOG.spare} ahead of conmon ("arms" it), so conmon's next file is linked
 * before its first byte; once conmon has renamed it into place, the spare becomes the next number (a file conmon
 * made itself, not armed in time, gets its number when it is the log); generations beyond {@code max-file} are
 * deleted.
 *
 * <p>The log does not depend on the daemon: conmon writes and bounds it alone while berthd is down (containers keep
 * logging). What a down or lagging daemon costs is generations: the armed file is kept still, but a file conmon
 * made itself and replaced again before this rotator linked it is lost (at most the generations written while the
 * daemon was away); the file conmon writes is always there to read. {@link ContainerRuntime#open} takes the logs of
 * running containers back when a daemon starts.
 */
final class LogRotator implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(LogRotator.class.getName());

    private record Kept(LogFiles files, int maxFiles, WatchKey key) {}

    private final Map<WatchKey, Kept> kept = new ConcurrentHashMap<>();
    /**
     * Opened at the first {@link #keep}: an inotify instance is a per-user resource (128 by default, shared by every
     * process of the user), and most daemons keep no rotated log.
     */
    private WatchService service;
    private Thread loop;
    private boolean closed;

    LogRotator() {}

    private synchronized WatchService service() {
        if (closed) {
            throw new IllegalStateException("log rotator closed");
        }
        if (service == null) {
            try {
                service = FileSystems.getDefault().newWatchService();
            } catch (IOException e) {
                throw BerthException.io("watch container logs", e);
            }
            WatchService s = service;
            loop = Thread.ofPlatform().daemon().name("berth-log-rotator").start(() -> run(s));
        }
        return service;
    }

    /** Keeps {@code maxFiles} generations of {@code files} from now on, until {@link #stop}. */
    void keep(LogFiles files, int maxFiles) {
        if (maxFiles < 2) {
            throw new IllegalArgumentException("rotate " + files.current() + " over " + maxFiles + " files");
        }
        WatchKey key;
        try {
            key = files.current().getParent().register(service(), StandardWatchEventKinds.ENTRY_CREATE);
        } catch (IOException e) {
            throw BerthException.io("watch log " + files.current(), e);
        }
        Kept k = new Kept(files, maxFiles, key);
        kept.put(key, k);
        synchronized (files.lock()) {
            try {
                numberSpare(files);
                numberCurrent(files);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "number the files of log " + files.current(), e);
            }
        }
        arrange(k);
    }

    /**
     * Stops keeping {@code files} once conmon has gone: the last file is numbered and the armed spare, which conmon
     * never took, deleted (a new conmon over the same log gets a new one).
     */
    void stop(LogFiles files) {
        for (Kept k : List.copyOf(kept.values())) {
            if (k.files().equals(files)) {
                k.key().cancel();
                kept.remove(k.key());
                synchronized (files.lock()) {
                    try {
                        numberSpare(k.files());
                        numberCurrent(k.files());
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.WARNING, "number the last file of log " + files.current(), e);
                    }
                    disarm(k.files());
                }
            }
        }
    }

    private void run(WatchService service) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean rotated = false;
                Kept k = kept.get(key);
                for (WatchEvent<?> e : key.pollEvents()) {
                    rotated |= k != null && (e.kind() == StandardWatchEventKinds.OVERFLOW
                            || e.context() instanceof Path p && conmonMade(k.files(), p));
                }
                key.reset();
                if (rotated) {
                    arrange(k);
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: the daemon stops; conmon keeps logging, and the next daemon keeps the generations again.
        }
    }

    /** A name conmon creates: its next file, or the log it renamed that file to. Ours (spare, numbers) wake nothing. */
    private static boolean conmonMade(LogFiles files, Path name) {
        return name.equals(files.current().getFileName()) || name.equals(files.tmp().getFileName());
    }

    /**
     * Numbers the spare conmon has taken, then the log if conmon made it itself (it started over before the spare was
     * armed: it is kept from now on, else it would be lost at the next start-over however long it was the log), arms
     * the next file and deletes the generations beyond max-file.
     */
    private static void arrange(Kept k) {
        synchronized (k.files().lock()) {
            try {
                LogFiles files = k.files();
                numberSpare(files);
                numberCurrent(files);
                arm(files);
                prune(files, k.maxFiles());
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "rotate log " + k.files().current(), e);
            }
        }
    }

    /**
     * Gives the next number to the spare once conmon has taken it (renamed it over the log), so that numbers follow
     * the order in which the files were the log: there is one spare at a time, numbered before the next is armed.
     */
    private static void numberSpare(LogFiles files) throws IOException {
        Optional<Object> spare = LogFiles.key(files.spare());
        if (spare.isEmpty() || spare.equals(LogFiles.key(files.tmp()))) {
            return;
        }
        List<LogFiles.Generation> numbered = files.numbered();
        if (numbered.stream().anyMatch(g -> g.key().equals(spare.get()))) {
            Files.delete(files.spare());
        } else {
            Files.move(files.spare(), files.numbered(next(numbered)));
        }
    }

    /**
     * Numbers the log itself when it has no number: the first file, which conmon creates, or one it made itself
     * because no spare was armed (no daemon kept the log, or conmon started over again before this rotator woke).
     * Numbers follow the order in which the files were the log: the log is looked at first, then a spare conmon took
     * before it (older, as conmon takes the armed file whenever there is one) gets its number, then the log the next
     * one; a log conmon replaced between the look and the link (the link names the path) loses that link again, and
     * the replacement's own event numbers what is left in order.
     */
    private static void numberCurrent(LogFiles files) throws IOException {
        Optional<Object> current = LogFiles.key(files.current());
        if (current.isEmpty() || files.numbered().stream().anyMatch(g -> g.key().equals(current.get()))) {
            return;
        }
        numberSpare(files);
        List<LogFiles.Generation> numbered = files.numbered();
        if (numbered.stream().anyMatch(g -> g.key().equals(current.get()))) {
            return;
        }
        Path link = files.numbered(next(numbered));
        try {
            Files.createLink(link, files.current());
        } catch (NoSuchFileException e) {
            // None yet: conmon creates it when it starts, before the container's first output.
            return;
        }
        if (!LogFiles.key(link).equals(current)) {
            Files.delete(link);
        }
    }

    private static long next(List<LogFiles.Generation> numbered) {
        return numbered.isEmpty() ? 1 : numbered.getLast().number().getAsLong() + 1;
    }

    /** Makes conmon's next file one that is linked as the spare: a new empty one, or the one conmon has made. */
    private static void arm(LogFiles files) throws IOException {
        if (Files.exists(files.spare())) {
            return;
        }
        if (!Files.exists(files.tmp())) {
            Files.createFile(files.spare(), PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            try {
                Files.createLink(files.tmp(), files.spare());
                return;
            } catch (FileAlreadyExistsException e) {
                // conmon made its own meanwhile: link that one instead of this empty one it will not open.
                Files.delete(files.spare());
            }
        }
        try {
            Files.createLink(files.spare(), files.tmp());
        } catch (NoSuchFileException e) {
            // Renamed into place already: numbered by the rename's event.
        }
    }

    /**
     * Deletes the generations older than the newest {@code maxFiles}, the log conmon writes included (counted apart
     * when it has no number: one made and replaced before it could be armed).
     */
    private static void prune(LogFiles files, int maxFiles) throws IOException {
        List<LogFiles.Generation> numbered = files.numbered();
        Optional<Object> current = LogFiles.key(files.current());
        int keepFrom = numbered.size() - (maxFiles - 1);
        for (int i = 0; i < numbered.size(); i++) {
            if (current.isPresent() && numbered.get(i).key().equals(current.get())) {
                keepFrom = i - (maxFiles - 1);
            }
        }
        for (int i = 0; i < keepFrom; i++) {
            Files.deleteIfExists(numbered.get(i).path());
        }
    }

    private static void disarm(LogFiles files) {
        try {
            Optional<Object> spare = LogFiles.key(files.spare());
            if (spare.isPresent() && spare.equals(LogFiles.key(files.tmp()))) {
                Files.delete(files.tmp());
                Files.delete(files.spare());
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "disarm log " + files.current(), e);
        }
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (service == null) {
            return;
        }
        try {
            service.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close log rotator", e);
        }
        loop.interrupt();
    }
}
