package dev.berth.oci.layer;

import dev.berth.oci.content.BlobWriter;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Compression;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.MediaTypes;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Unpacks a layer blob into a new directory while storing the blob in a content store, in one pass over the stream.
 * Either both succeed — the blob verified and committed, the directory complete — or neither is left: the ingest is
 * discarded and the directory removed, so a hostile or corrupt layer leaves nothing behind.
 */
public final class LayerUnpacker {
    private LayerUnpacker() {}

    /**
     * Reads {@code blob} (the bytes of {@code layer}) to its end, applies it to {@code target} (which must not exist)
     * and commits it to {@code store}. A blob the store already holds is applied without being stored again.
     */
    public static LayerDigests unpack(InputStream blob, Descriptor layer, ContentStore store, Path target,
            ApplyOptions options) {
        String action = "unpack layer " + layer.digest();
        Compression compression = MediaTypes.compressionOf(layer.mediaType()).orElseThrow(
                () -> BerthException.invalid(action + ": unsupported layer media type " + layer.mediaType()));
        try {
            Files.createDirectory(target);
        } catch (IOException e) {
            throw BerthException.io(action + ": create " + target, e);
        }
        Optional<BlobWriter> writer = store.contains(layer.digest()) ? Optional.empty()
                : Optional.of(store.writer("unpack-" + layer.digest(), Optional.of(layer.digest()),
                        OptionalLong.of(layer.size())));
        try {
            InputStream in = writer.<InputStream>map(w -> new Tee(blob, w, layer.size())).orElse(blob);
            ApplyOptions expected = options.withExpectedDigest(layer.digest()).withExpectedSize(layer.size());
            // A writer digests every byte and refuses a mismatch at its commit, before the layer is returned.
            LayerDigests digests = LayerApplier.apply(in, compression, target,
                    writer.isPresent() ? expected.withBlobVerifiedByCaller() : expected);
            if (digests.size() != layer.size()) {
                throw BerthException.corrupted(action + ": size " + digests.size() + ", expected " + layer.size());
            }
            writer.ifPresent(w -> w.commit(layer.digest(), layer.size()));
            return digests;
        } catch (RuntimeException e) {
            writer.ifPresent(BlobWriter::abort);
            deleteTree(target, e);
            throw BerthException.wrap(action, e);
        }
    }

    /**
     * Where a layer's bytes come from when they can be asked for from an offset on (a registry blob fetched with a
     * {@code Range} request): {@link #open} returns the blob's bytes from {@code offset} to its end.
     */
    @FunctionalInterface
    public interface BlobSource {
        InputStream open(long offset) throws IOException;
    }

    /**
     * Like {@link #unpack(InputStream, Descriptor, ContentStore, Path, ApplyOptions)}, but resumable: when reading
     * from {@code source} fails (a cut connection), the bytes received so far are kept as the ingest
     * {@code unpack-<digest>} and the next call replays them from the store, asks {@code source} only for the rest,
     * and applies the whole blob in the same single pass. Any other failure (digest mismatch, a damaged or hostile
     * tar) discards the ingest. Either way the target directory is removed on failure. A blob the store already holds
     * is read from the store, not from {@code source}.
     */
    public static LayerDigests unpack(BlobSource source, Descriptor layer, ContentStore store, Path target,
            ApplyOptions options) {
        String action = "unpack layer " + layer.digest();
        if (store.contains(layer.digest())) {
            try (InputStream stored = store.newInputStream(layer.digest())) {
                return unpack(stored, layer, store, target, options);
            } catch (IOException e) {
                throw BerthException.io(action + ": close stored blob", e);
            }
        }
        Compression compression = MediaTypes.compressionOf(layer.mediaType()).orElseThrow(
                () -> BerthException.invalid(action + ": unsupported layer media type " + layer.mediaType()));
        BlobWriter writer = store.writer("unpack-" + layer.digest(), Optional.of(layer.digest()),
                OptionalLong.of(layer.size()));
        try {
            Files.createDirectory(target);
        } catch (IOException e) {
            writer.close();
            throw BerthException.io(action + ": create " + target, e);
        }
        Tee remote = null;
        try (InputStream prefix = writer.storedBytes()) {
            remote = new Tee(source.open(writer.offset()), writer, layer.size());
            // The writer digests every byte, the stored prefix included, and refuses a mismatch at its commit.
            LayerDigests digests = LayerApplier.apply(new SequenceInputStream(prefix, remote), compression, target,
                    options.withExpectedDigest(layer.digest()).withExpectedSize(layer.size())
                            .withBlobVerifiedByCaller());
            if (digests.size() != layer.size()) {
                throw BerthException.corrupted(action + ": size " + digests.size() + ", expected " + layer.size());
            }
            remote.close();
            writer.commit(layer.digest(), layer.size());
            return digests;
        } catch (IOException | RuntimeException e) {
            // Before the source delivered a byte, or when it failed itself, what is stored is a sound prefix.
            boolean resumable = remote == null || remote.failed;
            BerthException failure = resumable
                    ? new BerthException(ErrorKind.UNAVAILABLE, action + ": " + describe(e) + " ("
                            + writer.offset() + " bytes kept to resume)", e)
                    : BerthException.wrap(action, e);
            if (resumable) {
                writer.close();
            } else {
                writer.abort();
            }
            deleteTree(target, failure);
            closeAfterFailure(remote, failure);
            throw failure;
        }
    }

    private static String describe(Throwable e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void closeAfterFailure(InputStream source, BerthException failure) {
        if (source == null) {
            return;
        }
        try {
            source.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Removes a partly applied tree; a failure to do so is attached to the error that caused it. */
    private static void deleteTree(Path root, RuntimeException cause) {
        try {
            FileTree.delete(root);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    /** Copies every byte read into the blob writer, so the store sees exactly what the applier digested. */
    private static final class Tee extends FilterInputStream {
        /** How often a background sync starts: the commit's sync then finds little left to write. */
        static final long SYNC_EVERY = 32L << 20;
        private static final Executor SYNCS = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("layer-blob-sync-", 0).factory());

        private final BlobWriter writer;
        /** The blob's size: once its last byte is written, the commit's sync is started at once. */
        private final long end;
        /** The source itself failed (not the writer): what was stored is a sound prefix to resume from. */
        private boolean failed;
        private long syncedUpTo;
        private CompletableFuture<Void> syncing;

        Tee(InputStream in, BlobWriter writer, long end) {
            super(in);
            this.writer = writer;
            this.end = end;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (IOException e) {
                failed = true;
                throw e;
            }
            if (n > 0) {
                writer.write(b, off, n);
                // The blob's pages go to disk while the layer is still being decompressed and extracted; a disk
                // failure here is found again by the commit's own sync, which decides.
                if (writer.offset() - syncedUpTo >= SYNC_EVERY && (syncing == null || syncing.isDone())) {
                    syncedUpTo = writer.offset();
                    syncing = CompletableFuture.runAsync(writer::syncWritten, SYNCS);
                } else if (writer.offset() == end) {
                    // The last byte is in while the layer's last entries are still being extracted (a gzip stream
                    // is read ahead of the tar): the data goes to disk meanwhile, and the commit's own sync, which
                    // decides, finds little or nothing left to write.
                    syncedUpTo = end;
                    CompletableFuture<Void> before =
                            syncing == null ? CompletableFuture.completedFuture(null) : syncing;
                    syncing = before.handle((done, failure) -> null).thenRunAsync(writer::syncWritten, SYNCS);
                }
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buf = new byte[(int) Math.min(n, 8192)];
            int r = read(buf, 0, buf.length);
            return Math.max(r, 0);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
