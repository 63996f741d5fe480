package dev.berth.oci.layer;

import dev.berth.oci.digest.DigestAlgorithm;
import dev.berth.oci.digest.DigestingOutputStream;
import dev.berth.oci.spec.Compression;
import java.io.BufferedOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/**
 * The byte pipeline of a layer blob, one pass: tar bytes → digest (diff_id) → compressor → digest (blob digest) →
 * the caller's stream, which is flushed but left open.
 */
final class LayerBlobOutput {
    private final DigestingOutputStream compressed;
    private final DigestingOutputStream uncompressed;
    private final OutputStream tar;

    private LayerBlobOutput(OutputStream out, Compression compression) throws IOException {
        this.compressed = new DigestingOutputStream(new KeepOpen(out), DigestAlgorithm.SHA256);
        this.uncompressed = new DigestingOutputStream(
                CompressionStreams.compress(compressed, compression), DigestAlgorithm.SHA256);
        this.tar = new BufferedOutputStream(uncompressed, 64 * 1024);
    }

    static LayerBlobOutput open(OutputStream out, Compression compression) throws IOException {
        return new LayerBlobOutput(out, compression);
    }

    /** Where the tar goes. */
    OutputStream tar() {
        return tar;
    }

    /** Ends the compressed frame and returns both identities of what was written. */
    LayerDigests finish() throws IOException {
        tar.close();
        return new LayerDigests(compressed.digester().digest(), compressed.digester().size(),
                uncompressed.digester().digest(), uncompressed.digester().size());
    }

    /** Releases the codec after a failure; the output is incomplete and must be discarded. */
    void abandon() {
        try {
            tar.close();
        } catch (IOException | RuntimeException ignored) {
            // The write already failed; that failure is the one to report.
        }
    }

    /** Passes bytes through; closing flushes instead, so the caller keeps its stream. */
    private static final class KeepOpen extends FilterOutputStream {
        KeepOpen(OutputStream out) {
            super(out);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() throws IOException {
            out.flush();
        }
    }
}
