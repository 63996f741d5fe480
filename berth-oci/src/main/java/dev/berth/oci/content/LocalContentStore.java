package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * A {@link ContentStore} on the local filesystem (after containerd's {@code plugins/content/local}), whose blobs
 * directory is that of an OCI image layout (image-layout spec, "Blobs"), so that a layout directory opens as a store:
 *
 * <pre>
 * ROOT/
 * ├── blobs/
 * │   ├── sha256/&lt;hex&gt;            committed blobs, mode 0444, mtime = commit time
 * │   └── sha512/&lt;hex&gt;
 * └── ingest/
 *     └── &lt;sha256(ref)&gt;/             one in-progress write
 *         ├── data                   the bytes received so far (size = offset)
 *         ├── ref                    the ref, verbatim
 *         ├── total                  expected size in decimal, when given
 *         ├── expected               expected digest, when given
 *         ├── startedat              ISO-8601 instant
 *         └── lock                   OS-locked by the writer holding the ref
 * </pre>
 *
 * A blob appears under {@code blobs/} only by an atomic rename of verified, fsynced data; files there that are not
 * named like a digest are ignored. Thread-safe; several processes may share a root.
 */
public final class LocalContentStore implements ContentStore {
    private static final int MAX_REF_LENGTH = 1024;

    private final StoreLayout layout;
    private final Set<String> held = ConcurrentHashMap.newKeySet();
    /** Whether this instance made sure {@code ingest/} exists and spreads its subdirectories. */
    private volatile boolean ingestsReady;

    private LocalContentStore(Path root) {
        this.layout = new StoreLayout(root);
    }

    /** Opens the store at {@code root}, creating the directory if missing; {@code blobs/} and {@code ingest/} are made on first write. */
    public static LocalContentStore open(Path root) {
        Objects.requireNonNull(root, "root");
        try {
            Files.createDirectories(root);
        } catch (IOException e) {
            throw BerthException.io("open content store " + root, e);
        }
        return new LocalContentStore(root.toAbsolutePath());
    }

    public Path root() {
        return layout.root();
    }

    @Override
    public Optional<BlobInfo> info(Digest digest) {
        try {
            BasicFileAttributes a = Files.readAttributes(layout.blob(digest), BasicFileAttributes.class);
            return a.isRegularFile() ? Optional.of(info(digest, a)) : Optional.empty();
        } catch (NoSuchFileException absent) {
            return Optional.empty();
        } catch (IOException e) {
            throw BerthException.io("stat content " + digest, e);
        }
    }

    @Override
    public SeekableByteChannel open(Digest digest) {
        try {
            return FileChannel.open(path(digest), StandardOpenOption.READ);
        } catch (NoSuchFileException deletedMeanwhile) {
            throw notFound(digest);
        } catch (IOException e) {
            throw BerthException.io("open content " + digest, e);
        }
    }

    @Override
    public InputStream newInputStream(Digest digest) {
        try {
            return Files.newInputStream(path(digest));
        } catch (NoSuchFileException deletedMeanwhile) {
            throw notFound(digest);
        } catch (IOException e) {
            throw BerthException.io("open content " + digest, e);
        }
    }

    @Override
    public Path path(Digest digest) {
        Path blob = layout.blob(digest);
        if (!Files.isRegularFile(blob)) {
            throw notFound(digest);
        }
        return blob;
    }

    /**
     * Creates {@code ingest/} if missing and has the file system spread its subdirectories: each ingest's files are
     * then allocated away from those of the ingests just removed (see {@link Syscalls#spreadSubdirectories}).
     */
    private void prepareIngests() {
        if (ingestsReady) {
            return;
        }
        Path ingests = layout.ingests();
        try {
            Files.createDirectories(ingests);
            Syscalls.spreadSubdirectories(ingests);
        } catch (IOException e) {
            throw BerthException.io("prepare " + ingests, e);
        }
        ingestsReady = true;
    }

    @Override
    public BlobWriter writer(String ref, Optional<Digest> expected, OptionalLong expectedSize) {
        checkRef(ref);
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(expectedSize, "expectedSize");
        if (expectedSize.isPresent() && expectedSize.getAsLong() < 0) {
            throw BerthException.invalid("ingest " + ref + ": negative expected size " + expectedSize.getAsLong());
        }
        prepareIngests();
        IngestDir ingest = layout.ingest(ref);
        IngestLock lock = IngestLock.acquire(held, ingest, ref);
        try {
            return LocalBlobWriter.open(layout, ingest, lock, ref, expected, expectedSize, this::abortIfPresent);
        } catch (IOException e) {
            lock.close();
            throw BerthException.io("ingest " + ref + ": open writer", e);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    @Override
    public Optional<IngestStatus> status(String ref) {
        checkRef(ref);
        try {
            return layout.ingest(ref).status();
        } catch (IOException e) {
            throw BerthException.io("ingest " + ref + ": status", e);
        }
    }

    @Override
    public List<IngestStatus> ingests() {
        List<IngestStatus> all = new ArrayList<>();
        forEachIngest(ingest -> ingest.status().ifPresent(all::add));
        return all;
    }

    @Override
    public void abort(String ref) {
        checkRef(ref);
        IngestDir ingest = layout.ingest(ref);
        if (!Files.isDirectory(ingest.dir())) {
            throw BerthException.notFound("ingest " + ref + ": not found");
        }
        IngestLock lock = IngestLock.acquire(held, ingest, ref);
        try {
            ingest.remove();
        } catch (IOException e) {
            throw BerthException.io("ingest " + ref + ": abort", e);
        } finally {
            lock.close();
        }
    }

    private void abortIfPresent(String ref) {
        try {
            abort(ref);
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.NOT_FOUND) {
                throw e;
            }
        }
    }

    @Override
    public int abortOlderThan(Duration age) {
        Instant cutoff = Instant.now().minus(age);
        int[] removed = {0};
        forEachIngest(ingest -> {
            if (removeIfStale(ingest, cutoff)) {
                removed[0]++;
            }
        });
        return removed[0];
    }

    /** Removes {@code ingest} if nothing was written to it since {@code cutoff} and no writer holds it. */
    private boolean removeIfStale(IngestDir ingest, Instant cutoff) throws IOException {
        Optional<Instant> before = ingest.lastWrite();
        Instant activity = before.isPresent() ? before.get() : Files.getLastModifiedTime(ingest.dir()).toInstant();
        if (activity.isAfter(cutoff)) {
            return false;
        }
        String name = ingest.readMeta().map(IngestMeta::ref).orElse(ingest.dir().getFileName().toString());
        IngestLock lock;
        try {
            lock = IngestLock.acquire(held, ingest, name);
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.CONFLICT) {
                return false;
            }
            throw e;
        }
        try {
            // A writer may have come and gone between the look and the lock.
            if (ingest.lastWrite().filter(t -> t.isAfter(cutoff)).isPresent()) {
                return false;
            }
            ingest.remove();
            return true;
        } finally {
            lock.close();
        }
    }

    @Override
    public void delete(Digest digest) {
        try {
            Files.delete(layout.blob(digest));
        } catch (NoSuchFileException absent) {
            throw notFound(digest);
        } catch (IOException e) {
            throw BerthException.io("delete content " + digest, e);
        }
    }

    @Override
    public void walk(Consumer<? super BlobInfo> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        try (DirectoryStream<Path> algorithms = Files.newDirectoryStream(layout.blobs())) {
            for (Path dir : algorithms) {
                Optional<DigestAlgorithm> algorithm = DigestAlgorithm.byId(dir.getFileName().toString());
                if (algorithm.isPresent() && Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
                    walk(algorithm.get(), dir, visitor);
                }
            }
        } catch (NoSuchFileException noBlobsYet) {
            // an empty store
        } catch (IOException e) {
            throw BerthException.io("walk content " + layout.blobs(), e);
        } catch (DirectoryIteratorException e) {
            throw BerthException.io("walk content " + layout.blobs(), e.getCause());
        }
    }

    private void walk(DigestAlgorithm algorithm, Path dir, Consumer<? super BlobInfo> visitor) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path file : files) {
                Optional<Digest> digest = StoreLayout.blobDigest(algorithm, file);
                Optional<BasicFileAttributes> attributes = digest.isPresent() ? regularFile(file) : Optional.empty();
                if (attributes.isPresent()) {
                    visitor.accept(info(digest.get(), attributes.get()));
                }
            }
        } catch (NoSuchFileException removedMeanwhile) {
            // nothing left to visit
        }
    }

    private static Optional<BasicFileAttributes> regularFile(Path file) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            return a.isRegularFile() ? Optional.of(a) : Optional.empty();
        } catch (NoSuchFileException deletedMeanwhile) {
            return Optional.empty();
        }
    }

    private interface IngestAction {
        void accept(IngestDir ingest) throws IOException;
    }

    private void forEachIngest(IngestAction action) {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(layout.ingests(), Files::isDirectory)) {
            for (Path dir : dirs) {
                try {
                    action.accept(new IngestDir(dir));
                } catch (NoSuchFileException committedMeanwhile) {
                    // the ingest ended while we looked at it
                }
            }
        } catch (NoSuchFileException noIngestsYet) {
            // nothing was ever written
        } catch (IOException e) {
            throw BerthException.io("list ingests in " + layout.ingests(), e);
        } catch (DirectoryIteratorException e) {
            throw BerthException.io("list ingests in " + layout.ingests(), e.getCause());
        }
    }

    private static BlobInfo info(Digest digest, BasicFileAttributes a) {
        return new BlobInfo(digest, a.size(), a.lastModifiedTime().toInstant());
    }

    private static BerthException notFound(Digest digest) {
        return BerthException.notFound("content " + digest + ": not found");
    }

    private static void checkRef(String ref) {
        Objects.requireNonNull(ref, "ref");
        if (ref.isBlank() || ref.length() > MAX_REF_LENGTH) {
            throw BerthException.invalid("invalid ingest ref \"" + (ref.length() > 64 ? ref.substring(0, 64) + "…" : ref)
                    + "\": must be non-blank and at most " + MAX_REF_LENGTH + " characters");
        }
    }
}
