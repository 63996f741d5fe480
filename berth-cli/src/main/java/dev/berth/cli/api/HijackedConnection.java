package dev.berth.cli.api;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;

/**
 * A connection the daemon took over after {@code Upgrade: tcp} (attach, exec start): what the container writes
 * comes in on {@link #in()}, what is written to {@link #out()} reaches its stdin, and {@link #closeWrite()} is
 * its end of input — docker's {@code HijackedResponse}.
 */
public final class HijackedConnection implements Closeable {
    private final int status;
    private final InputStream in;
    private final SocketChannel channel;
    private final OutputStream out;

    HijackedConnection(int status, InputStream in, SocketChannel channel) {
        this.status = status;
        this.in = in;
        this.channel = channel;
        this.out = Channels.newOutputStream(channel);
    }

    /** {@code 101} (or {@code 200}) when the daemon took the connection over; an error status otherwise. */
    public int status() {
        return status;
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    /** Half-closes the connection: the container's stdin sees end of file while its output still comes in. */
    public void closeWrite() {
        try {
            channel.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException("close container input", e);
        }
    }

    @Override
    public void close() {
        UnixHttpTransport.close(channel);
    }
}
