package dev.berth.oci.layer;

import dev.berth.oci.error.BerthException;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Sits under the tar reader and keeps the bytes it consumes while reading one entry's headers (ustar header, PAX
 * records, GNU long names, sparse maps), for two reasons: the reader buffers those in memory, so their size is
 * bounded here before a hostile layer can claim a gigabyte-long name; and PAX values are kept as raw bytes, which
 * binary xattrs such as {@code security.capability} need (the reader decodes them as UTF-8, losing bytes).
 */
final class HeaderCapture extends FilterInputStream {
    static final int TAR_BLOCK = 512;

    private final int budget;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream(2 * TAR_BLOCK);
    private long position;
    private long captureStart = -1;
    private boolean ended;

    HeaderCapture(InputStream in, int budget) {
        super(in);
        this.budget = budget;
    }

    /** Starts keeping bytes; the tar reader is between entries. */
    void begin() {
        captured.reset();
        captureStart = position;
    }

    /** Whether the stream ended with not one byte read since {@link #begin()}. */
    boolean endedAtBegin() {
        return ended && captureStart >= 0 && position == captureStart;
    }

    /**
     * Stops keeping bytes and returns them from the first block boundary on: the padding of the previous entry's data
     * comes first and is dropped, so the result starts with a header block.
     */
    byte[] end() {
        byte[] all = captured.toByteArray();
        int padding = (int) ((TAR_BLOCK - captureStart % TAR_BLOCK) % TAR_BLOCK);
        captureStart = -1;
        return padding >= all.length ? new byte[0] : java.util.Arrays.copyOfRange(all, padding, all.length);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            ended = true;
        }
        if (n > 0) {
            position += n;
            if (captureStart >= 0) {
                if (captured.size() + n > budget) {
                    throw BerthException.invalid("tar headers of one entry exceed " + budget + " bytes");
                }
                captured.write(b, off, n);
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Read rather than skip so that the position (and a capture) stays exact.
        byte[] buf = new byte[(int) Math.min(n, 64 * 1024)];
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
        throw new IOException("mark/reset not supported");
    }
}
