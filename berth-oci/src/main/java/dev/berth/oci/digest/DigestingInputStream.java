package dev.berth.oci.digest;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Digests and counts every byte read through it; {@link #digester()} holds the running state. */
public final class DigestingInputStream extends FilterInputStream {
    private final Digester digester;

    public DigestingInputStream(InputStream in, DigestAlgorithm algorithm) {
        super(in);
        this.digester = new Digester(algorithm);
    }

    public Digester digester() {
        return digester;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            digester.update(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            digester.update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be digested too, so skip by reading.
        byte[] buf = new byte[8192];
        long done = 0;
        while (done < n) {
            int r = read(buf, 0, (int) Math.min(buf.length, n - done));
            if (r < 0) {
                break;
            }
            done += r;
        }
        return done;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {}

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("mark/reset not supported while digesting");
    }
}
