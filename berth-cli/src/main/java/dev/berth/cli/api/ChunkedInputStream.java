package dev.berth.cli.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body (RFC 9112 §7.1); trailers are read and dropped. */
final class ChunkedInputStream extends InputStream {
    private final InputStream in;
    private long remaining;
    private boolean done;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!nextChunk()) {
            return -1;
        }
        int n = in.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw new EOFException("daemon closed the connection inside a chunk");
        }
        remaining -= n;
        if (remaining == 0) {
            HttpLines.readLine(in);
        }
        return n;
    }

    /** True when there are bytes to read, starting the next chunk if the current one is used up. */
    private boolean nextChunk() throws IOException {
        if (done) {
            return false;
        }
        if (remaining > 0) {
            return true;
        }
        String line = HttpLines.readLine(in);
        int ext = line.indexOf(';');
        String size = (ext >= 0 ? line.substring(0, ext) : line).trim();
        try {
            remaining = Long.parseLong(size, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size from daemon: " + line, e);
        }
        if (remaining == 0) {
            while (!HttpLines.readLine(in).isEmpty()) {
                // trailer fields carry nothing the CLI uses
            }
            done = true;
            return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
