package dev.berth.engine.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.concurrent.CompletableFuture;

/**
 * A connection taken over from HTTP ({@link ApiResponse#hijack}): what the client sends arrives on {@link #in()}
 * (end of stream when it half-closes or goes away), what is written to {@link #out()} goes to it unframed. Each write
 * waits until the socket took it, so a slow client slows the container's output down instead of filling memory.
 */
public final class Hijacked implements AutoCloseable {
    private final Channel channel;
    private final InputStream in;
    private final OutputStream out = new Raw();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    Hijacked(Channel channel, InputStream in) {
        this.channel = channel;
        this.in = in;
        channel.closeFuture().addListener(f -> closed.complete(null));
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    /** Completes when the connection is gone (the client hung up, or {@link #close}). */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    /** Ends what this side sends, keeping the client's direction open (docker's CloseWrite). */
    public void closeWrite() {
        if (channel instanceof DuplexChannel d && channel.isActive()) {
            d.shutdownOutput().awaitUninterruptibly();
        }
    }

    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
    }

    private final class Raw extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            ChannelFuture f = channel.writeAndFlush(Unpooled.copiedBuffer(b, off, len));
            try {
                f.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("write to client interrupted");
            }
            if (!f.isSuccess()) {
                throw new IOException("client went away", f.cause());
            }
        }
    }
}
