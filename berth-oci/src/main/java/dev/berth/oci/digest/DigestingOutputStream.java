package dev.berth.oci.digest;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Digests and counts every byte written through it. */
public final class DigestingOutputStream extends FilterOutputStream {
    private final Digester digester;

    public DigestingOutputStream(OutputStream out, DigestAlgorithm algorithm) {
        super(out);
        this.digester = new Digester(algorithm);
    }

    public Digester digester() {
        return digester;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
        digester.update(b, off, len);
    }
}
