package dev.berth.registry.storage;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.registry.api.RepositoryName;
import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.StampedLock;
import java.util.function.Supplier;

/**
 * Lets garbage collection run while the registry serves pulls and pushes (what distribution needs read-only mode for).
 *
 * <p>Whatever makes content reachable — committing a blob and linking it into a repository, mounting it, storing a
 * manifest, pointing a tag — happens inside a shared {@link #link() hold} and is announced there with {@link
 * Hold#linked}. A collector takes the exclusive hold only for short steps: {@link #startCollection() starting} (which
 * creates the journal), each batch of its sweep (which first reads the journal), and finishing (which removes it).
 * While a collection runs every announcement is appended to the journal, so each sweep step knows everything linked
 * since its mark began and keeps it, together with what it references; anything linked before was there for the mark
 * to read. Bytes being uploaded are ingests of the content store, which a collection never touches.
 *
 * <pre>
 * ROOT/gc/
 * ├── fence       OS-locked: shared while linking, exclusive for a collector's steps
 * ├── collector   OS-locked by the one collection running, for its whole run
 * └── journal     while a collection runs: "&lt;kind&gt; &lt;repository&gt; &lt;digest&gt;" per link announced
 * </pre>
 *
 * Holds exclude each other across threads (an in-process lock) and processes (OS locks), so {@code berth-registry gc}
 * may run beside a serving registry on the same root. There is one fence per root and JVM, since closing any channel
 * of a file drops all the process's POSIX locks on it. Holds are not reentrant: a thread holding one must not take
 * another. A collector killed mid-run leaves a journal no one reads; the next collection starts a fresh one.
 */
public final class LinkFence {
    private static final Map<Path, LinkFence> OPEN = new ConcurrentHashMap<>();

    private final Path dir;
    private final StampedLock local = new StampedLock();
    private final ReentrantLock os = new ReentrantLock();
    private final AtomicBoolean collecting = new AtomicBoolean();
    private FileChannel fence;
    private int sharedHolders;
    private FileLock sharedLock;

    private LinkFence(Path dir) {
        this.dir = dir;
    }

    /** The fence of the registry stored at {@code root}, the same object for every caller of this JVM. */
    public static LinkFence open(Path root) {
        Path dir = root.toAbsolutePath().normalize().resolve("gc");
        return OPEN.computeIfAbsent(dir, LinkFence::new);
    }

    Path dir() {
        return dir;
    }

    Path journalFile() {
        return dir.resolve("journal");
    }

    /**
     * Takes the shared hold that linking needs; blocks while a collector is in one of its steps. The hold may be
     * closed by another thread than the one that took it.
     */
    public Hold link() {
        long stamp = local.readLock();
        try {
            acquireShared();
        } catch (RuntimeException e) {
            local.unlockRead(stamp);
            throw e;
        }
        return new Hold(stamp);
    }

    /** A shared hold: while it is open no collector step runs, anywhere. */
    public final class Hold implements AutoCloseable {
        private final long stamp;
        private boolean closed;

        private Hold(long stamp) {
            this.stamp = stamp;
        }

        /**
         * Announces that {@code digest} was made reachable in {@code repository} (call it before the link is written,
         * so that a crash in between leaves a journal line too many, never one too few).
         */
        public void linked(LinkKind kind, RepositoryName repository, Digest digest) {
            if (closed) {
                throw new IllegalStateException("link fence hold already closed");
            }
            LinkJournal.append(journalFile(), new Linked(kind, repository, digest));
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                releaseShared();
            } finally {
                local.unlockRead(stamp);
            }
        }
    }

    /**
     * Starts a collection: takes the collector lock ({@link ErrorKind#CONFLICT} {@code garbage collection already
     * running} if another collection holds it, in this process or another) and, exclusively, creates an empty journal.
     * The returned collection's {@link Collection#markStart()} is the instant from which every link is journaled.
     */
    public Collection startCollection() {
        if (!collecting.compareAndSet(false, true)) {
            throw alreadyRunning();
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(dir);
            channel = FileChannel.open(dir.resolve("collector"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw alreadyRunning();
            }
            Collection collection = new Collection(channel);
            collection.exclusively(() -> {
                LinkJournal.create(journalFile());
                return null;
            });
            collection.markStart = Instant.now();
            return collection;
        } catch (IOException e) {
            closeQuietly(channel);
            collecting.set(false);
            throw BerthException.io("start garbage collection in " + dir, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            collecting.set(false);
            throw e;
        }
    }

    /** Whether a collection is running on this root, in this process or another. */
    public boolean collectionRunning() {
        if (!collecting.compareAndSet(false, true)) {
            return true;
        }
        try (FileChannel channel = FileChannel.open(dir.resolve("collector"), StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            return lock == null;
        } catch (java.nio.file.NoSuchFileException never) {
            return false;
        } catch (IOException e) {
            throw BerthException.io("look for a garbage collection in " + dir, e);
        } finally {
            collecting.set(false);
        }
    }

    /**
     * One running collection. Its steps run {@link #exclusively}; {@link #close()} removes the journal and lets the
     * next collection start. Used by one thread.
     */
    public final class Collection implements AutoCloseable {
        private final FileChannel collector;
        private final LinkJournal.Reader journal = new LinkJournal.Reader(journalFile());
        private Instant markStart;
        private boolean closed;

        private Collection(FileChannel collector) {
            this.collector = collector;
        }

        /** When linking started to be journaled: the mark may begin reading the repositories from then on. */
        public Instant markStart() {
            return markStart;
        }

        /**
         * The links announced since the previous call, in order; call it inside {@link #exclusively} so that no link
         * is made between reading them and acting on them.
         */
        public List<Linked> linkedSinceLastRead() {
            return journal.readNew();
        }

        /** Runs {@code step} while no link is being made anywhere. */
        public <T> T exclusively(Supplier<T> step) {
            long stamp = local.writeLock();
            try {
                FileLock lock = acquireExclusive();
                try {
                    return step.get();
                } finally {
                    release(lock);
                }
            } finally {
                local.unlockWrite(stamp);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            // A collection stopped by an interrupt still removes its journal: the lock it needs is not interruptible.
            boolean interrupted = Thread.interrupted();
            try {
                exclusively(() -> {
                    LinkJournal.remove(journalFile());
                    return null;
                });
            } finally {
                if (interrupted) {
                    Thread.currentThread().interrupt();
                }
                closeQuietly(collector);
                collecting.set(false);
            }
        }
    }

    private void acquireShared() {
        os.lock();
        try {
            if (sharedHolders == 0) {
                sharedLock = lock(true);
            }
            sharedHolders++;
        } finally {
            os.unlock();
        }
    }

    private void releaseShared() {
        os.lock();
        try {
            if (--sharedHolders == 0) {
                FileLock lock = sharedLock;
                sharedLock = null;
                release(lock);
            }
        } finally {
            os.unlock();
        }
    }

    /** Called with the local write lock held, so no shared OS lock of this process exists. */
    private FileLock acquireExclusive() {
        os.lock();
        try {
            return lock(false);
        } finally {
            os.unlock();
        }
    }

    /**
     * Locks the whole fence file. Called under {@link #os} when this process holds no lock on it, so that if an
     * interrupt closes the channel nothing is lost: the next call opens a new one.
     */
    private FileLock lock(boolean shared) {
        try {
            if (fence == null || !fence.isOpen()) {
                Files.createDirectories(dir);
                fence = FileChannel.open(dir.resolve("fence"), StandardOpenOption.CREATE, StandardOpenOption.READ,
                        StandardOpenOption.WRITE);
            }
            return fence.lock(0, Long.MAX_VALUE, shared);
        } catch (ClosedChannelException interrupted) {
            fence = null;
            throw new BerthException(ErrorKind.UNAVAILABLE, "garbage collection fence " + dir + ": interrupted",
                    interrupted);
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("garbage collection fence " + dir + " locked twice by this process", e);
        } catch (IOException e) {
            throw BerthException.io("lock garbage collection fence " + dir, e);
        }
    }

    private void release(FileLock lock) {
        try {
            lock.release();
        } catch (ClosedChannelException closed) {
            // the channel is gone, and its locks with it
        } catch (IOException e) {
            throw BerthException.io("unlock garbage collection fence " + dir, e);
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) {
            return;
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing releases the lock whatever the outcome; nothing was written through it
        }
    }

    private static BerthException alreadyRunning() {
        return new BerthException(ErrorKind.CONFLICT, "garbage collection already running");
    }
}
