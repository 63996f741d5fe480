package dev.berth.oci.layer;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.DigestingInputStream;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Compression;
import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Applies an OCI layer blob to a directory (OCI image spec, layer.md "Applying Changesets" and "Whiteouts") in one
 * streaming pass that also computes the blob's digest and the tar's diff_id.
 *
 * <p>Nothing is ever written outside {@code root}. Names are cleaned lexically and resolved inside the root as if it
 * were {@code /} of a chroot (see {@code RootResolver}): an absolute name or symlink target points into the root, as with
 * docker and containerd, while a name, symlink or hard link target that climbs above the root with {@code ..} is
 * refused with INVALID_ARGUMENT ({@code apply layer: entry "…": …}). Files are created {@code O_EXCL|O_NOFOLLOW}
 * after removing what was there, never written through an existing symlink or hard link. A damaged stream
 * (truncated, bad codec data, bad header checksum) or a digest or diff_id other than the expected one is
 * DATA_CORRUPTED. After any exception the content of {@code root} is unspecified (partly applied) and the caller must
 * discard it; success means every entry was applied and every given digest matched.
 *
 * <p>The checks and the writes are separate syscalls, so nothing else may change {@code root} meanwhile (no running
 * container, no second applier): the tar itself is the only adversary, including a tar that swaps a directory for a
 * symlink between two of its entries.
 *
 * <p>No file is fsynced: durability of an unpacked layer is the caller's, with one sync at the end.
 */
public final class LayerApplier {
    private static final int BUFFER = 256 * 1024;
    /** Blobs up to this size are applied on the calling thread alone ({@link #applyInline}). */
    static final long INLINE_MAX = 8L << 20;
    private static final int INLINE_BUFFER = 64 * 1024;

    private LayerApplier() {}

    /**
     * Reads {@code blob} to its end (it is not closed), decompresses it with {@code compression} and applies the tar
     * to {@code root}, an existing directory.
     *
     * @return the digest and size of the blob as read, and the diff_id and size of the uncompressed tar
     */
    public static LayerDigests apply(InputStream blob, Compression compression, Path root, ApplyOptions options) {
        Objects.requireNonNull(blob, "blob");
        Objects.requireNonNull(compression, "compression");
        Objects.requireNonNull(options, "options");
        String action = options.expectedDigest().map(d -> "apply layer " + d).orElse("apply layer");
        try {
            return applyTo(blob, compression, realRoot(root), options);
        } catch (BerthException e) {
            throw BerthException.wrap(action, e);
        }
    }

    private static LayerDigests applyTo(InputStream blob, Compression compression, Path root, ApplyOptions options) {
        DigestAlgorithm digestAlgorithm = algorithm(options.expectedDigest());
        DigestAlgorithm diffIdAlgorithm = algorithm(options.expectedDiffId());
        boolean uncompressedTar = compression == Compression.NONE && digestAlgorithm == diffIdAlgorithm;
        if (options.blobVerifiedByCaller() && options.expectedDigest().isEmpty()) {
            throw new IllegalArgumentException("a blob verified by the caller needs its expected digest");
        }
        RawBlob raw = options.blobVerifiedByCaller() && !uncompressedTar
                ? RawBlob.counted(new Source(blob), options.expectedDigest().orElseThrow())
                : RawBlob.digested(new Source(blob), digestAlgorithm);
        if (options.expectedSize().isPresent() && options.expectedSize().getAsLong() <= INLINE_MAX) {
            return applyInline(raw, compression, root, options, diffIdAlgorithm, uncompressedTar);
        }
        byte[] buffer = new byte[BUFFER];
        // An uncompressed blob is its own tar: digest its bytes once.
        if (uncompressedTar) {
            try (ReadAhead ahead = new ReadAhead(raw.stream())) {
                extract(ahead, root, options, buffer);
                Digest digest = raw.digest();
                long size = raw.size();
                return verify(new LayerDigests(digest, size, digest, size), options);
            } catch (IOException e) {
                throw corrupted("closing the read-ahead", e);
            }
        }
        // Three stages on three threads, so that a layer costs its slowest stage, not their sum: reading the blob
        // and its digest (and whatever the caller's stream does: a download, a copy into a store); decompressing;
        // the diff_id digest and the extraction, here.
        ReadAhead rawAhead = new ReadAhead(raw.stream());
        try (rawAhead) {
            InputStream decompressed = corruptIfFails(() -> CompressionStreams.decompress(rawAhead, compression));
            try (decompressed; ReadAhead tarAhead = new ReadAhead(decompressed)) {
                DigestingInputStream tarBytes = new DigestingInputStream(tarAhead, diffIdAlgorithm);
                extract(tarBytes, root, options, buffer);
                // Whatever follows the codec's end is part of the blob's digest too.
                drain(rawAhead, buffer);
                return verify(new LayerDigests(raw.digest(), raw.size(),
                        tarBytes.digester().digest(), tarBytes.digester().size()), options);
            }
        } catch (IOException e) {
            throw corrupted("closing the decompressor", e);
        }
    }

    /**
     * A small blob on this thread alone: stages on threads of their own would overlap for a few milliseconds, while
     * each of their hand-offs waits for a core, which on a busy host costs more than the overlap saves.
     */
    private static LayerDigests applyInline(RawBlob raw, Compression compression, Path root, ApplyOptions options,
            DigestAlgorithm diffIdAlgorithm, boolean uncompressedTar) {
        byte[] buffer = new byte[INLINE_BUFFER];
        InputStream decompressed = corruptIfFails(() -> CompressionStreams.decompress(raw.stream(), compression));
        try (decompressed) {
            DigestingInputStream tarBytes = uncompressedTar ? null
                    : new DigestingInputStream(decompressed, diffIdAlgorithm);
            extract(uncompressedTar ? raw.stream() : tarBytes, root, options, buffer);
            // Whatever follows the codec's end is part of the blob's digest too.
            drain(raw.stream(), buffer);
            Digest digest = raw.digest();
            long size = raw.size();
            return verify(uncompressedTar ? new LayerDigests(digest, size, digest, size)
                    : new LayerDigests(digest, size, tarBytes.digester().digest(), tarBytes.digester().size()),
                    options);
        } catch (IOException e) {
            throw corrupted("closing the decompressor", e);
        }
    }

    /** The blob's bytes as read: digested, or only counted when the caller verifies their digest itself. */
    private sealed interface RawBlob {
        InputStream stream();

        Digest digest();

        long size();

        static RawBlob digested(InputStream in, DigestAlgorithm algorithm) {
            return new Digested(new DigestingInputStream(in, algorithm));
        }

        static RawBlob counted(InputStream in, Digest expected) {
            return new Counted(new CountingStream(in), expected);
        }

        record Digested(DigestingInputStream stream) implements RawBlob {
            @Override
            public Digest digest() {
                return stream.digester().digest();
            }

            @Override
            public long size() {
                return stream.digester().size();
            }
        }

        /** The digest reported is the expected one, which the caller checks. */
        record Counted(CountingStream stream, Digest expected) implements RawBlob {
            @Override
            public Digest digest() {
                return expected;
            }

            @Override
            public long size() {
                return stream.count;
            }
        }
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends FilterInputStream {
        private long count;

        CountingStream(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            count += Math.max(skipped, 0);
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** Extracts the tar {@code tar} into {@code root} and reads it to its end, so that a digest of it is complete. */
    private static void extract(InputStream tar, Path root, ApplyOptions options, byte[] buffer) {
        InputStream tarIn = new BufferedInputStream(tar, buffer.length);
        new LayerExtraction(root, options, buffer).run(new TarReader(tarIn));
        // The digests cover every byte: the tar's trailing blocks and padding.
        drain(tarIn, buffer);
    }

    private static LayerDigests verify(LayerDigests d, ApplyOptions options) {
        options.expectedDigest().filter(want -> !want.equals(d.digest())).ifPresent(want -> {
            throw BerthException.corrupted("digest mismatch: expected " + want + ", got " + d.digest());
        });
        options.expectedDiffId().filter(want -> !want.equals(d.diffId())).ifPresent(want -> {
            throw BerthException.corrupted("diff_id mismatch: expected " + want + ", got " + d.diffId());
        });
        if (options.expectedSize().isPresent() && options.expectedSize().getAsLong() != d.size()) {
            throw BerthException.corrupted("size " + d.size() + ", expected " + options.expectedSize().getAsLong());
        }
        return d;
    }

    private static Path realRoot(Path root) {
        try {
            Path real = root.toRealPath();
            if (!Files.isDirectory(real, LinkOption.NOFOLLOW_LINKS)) {
                throw BerthException.invalid("root " + root + " is not a directory");
            }
            return real;
        } catch (NoSuchFileException e) {
            throw BerthException.notFound("root " + root + " does not exist");
        } catch (IOException e) {
            throw BerthException.io("root " + root, e);
        }
    }

    private static DigestAlgorithm algorithm(Optional<Digest> expected) {
        return expected.map(Digest::algorithm).orElse(DigestAlgorithm.SHA256);
    }

    private static void drain(InputStream in, byte[] buffer) {
        corruptIfFails(() -> {
            while (in.read(buffer) >= 0) {
                // only digested
            }
            return null;
        });
    }

    private interface StreamCall<T> {
        T call() throws IOException;
    }

    private static <T> T corruptIfFails(StreamCall<T> call) {
        try {
            return call.call();
        } catch (IOException e) {
            throw corrupted("reading the layer", e);
        }
    }

    private static BerthException corrupted(String what, IOException e) {
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return new BerthException(ErrorKind.DATA_CORRUPTED, "corrupt layer: " + what + ": " + detail, e);
    }

    /**
     * The caller's stream: never closed here, and its own read failures (a broken connection, a bad disk) are told
     * apart from damaged data by surfacing as {@link BerthException#io} rather than as codec errors.
     */
    private static final class Source extends FilterInputStream {
        Source(InputStream in) {
            super(in);
        }

        @Override
        public int read() {
            try {
                return in.read();
            } catch (IOException e) {
                throw BerthException.io("read layer blob", e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) {
            try {
                return in.read(b, off, len);
            } catch (IOException e) {
                throw BerthException.io("read layer blob", e);
            }
        }

        @Override
        public void close() {}
    }
}
