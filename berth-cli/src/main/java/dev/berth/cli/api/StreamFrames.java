package dev.berth.cli.api;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The Engine API's multiplexed stream ({@code application/vnd.docker.multiplexed-stream}, used when the container
 * has no TTY): frames of an 8-byte header — stream (0 stdin, 1 stdout, 2 stderr), three zero bytes, a big-endian
 * 32-bit length — then that many bytes; docker's {@code stdcopy.StdCopy}.
 */
public final class StreamFrames {
    private StreamFrames() {}

    /**
     * Copies each frame's payload to {@code stdout} (streams 0 and 1) or {@code stderr} (2) until the stream ends,
     * flushing after each frame so output shows as the container writes it.
     */
    public static void copy(InputStream in, OutputStream stdout, OutputStream stderr) throws IOException {
        byte[] header = new byte[8];
        byte[] buffer = new byte[32 * 1024];
        while (true) {
            int got = in.readNBytes(header, 0, 8);
            if (got == 0) {
                return;
            }
            if (got < 8) {
                throw new EOFException("daemon closed the stream in the middle of a frame header");
            }
            OutputStream target = switch (header[0]) {
                case 0, 1 -> stdout;
                case 2 -> stderr;
                default -> throw new IOException("Unrecognized input header: " + header[0]);
            };
            long size = ((header[4] & 0xffL) << 24) | ((header[5] & 0xff) << 16) | ((header[6] & 0xff) << 8)
                    | (header[7] & 0xff);
            while (size > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, size));
                if (n < 0) {
                    throw new EOFException("daemon closed the stream in the middle of a frame");
                }
                target.write(buffer, 0, n);
                size -= n;
            }
            target.flush();
        }
    }
}
