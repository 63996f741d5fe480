package dev.berth.engine.api;

import dev.berth.oci.spec.Json;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The answer to one request, written from the handler's virtual thread: a whole body at once ({@link #json},
 * {@link #empty}, {@link #text}) or a stream ({@link #stream}) whose chunks are written as they come, each waiting
 * until the socket took the previous one, so that a slow client slows the producer instead of filling memory.
 */
public final class ApiResponse {
    private static final int CHUNK = 128 * 1024;
    /** A stream's buffer starts this small and doubles up to {@link #CHUNK} as its writes need. */
    private static final int FIRST_CHUNK = 4 * 1024;

    private final Channel channel;
    private final boolean keepAlive;
    private final boolean head;
    private final Consumer<HttpHeaders> commonHeaders;
    private final Consumer<RequestBody> onHijack;
    private boolean started;

    ApiResponse(Channel channel, boolean keepAlive, boolean head, Consumer<HttpHeaders> commonHeaders,
            Consumer<RequestBody> onHijack) {
        this.channel = channel;
        this.keepAlive = keepAlive;
        this.head = head;
        this.commonHeaders = commonHeaders;
        this.onHijack = onHijack;
    }

    /**
     * Takes the connection over for a raw byte stream both ways (docker's hijack, for attach and exec): answers
     * {@code 101 UPGRADED} with {@code Upgrade: tcp} when the client asked to upgrade, else {@code 200 OK}, both
     * with {@code contentType}; from then on no HTTP is spoken on the connection. The header is written and the
     * HTTP codec removed in one event-loop task, so no byte the client sends after the response is parsed as HTTP.
     */
    public Hijacked hijack(String contentType, boolean upgrade) throws IOException {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, upgrade
                ? new HttpResponseStatus(101, "UPGRADED") : HttpResponseStatus.OK);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        if (started) {
            throw new IllegalStateException("response already started");
        }
        started = true;
        commonHeaders.accept(r.headers());
        if (upgrade) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.UPGRADE);
            r.headers().set(HttpHeaderNames.UPGRADE, "tcp");
        }
        RequestBody in = new RequestBody(channel);
        try {
            channel.eventLoop().submit(() -> {
                channel.config().setOption(io.netty.channel.ChannelOption.ALLOW_HALF_CLOSURE, true);
                channel.writeAndFlush(r);
                channel.pipeline().remove(io.netty.handler.codec.http.HttpServerCodec.class);
                onHijack.accept(in);
            }).sync();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("hijack interrupted");
        } catch (RuntimeException e) {
            throw new IOException("hijack connection", e);
        }
        return new Hijacked(channel, in);
    }

    /** False once the client closed the connection: a long poll can stop. */
    public boolean connectionOpen() {
        return channel.isActive();
    }

    /**
     * Runs {@code action} once the client's connection is closed (at once when it already is), so that a request
     * blocked on an event that may never come, such as a detached container's exit, ends with its client. Returns
     * what withdraws it, for the request to call when it is done: a kept-alive connection serves request after
     * request, and each one's action would otherwise stay with the connection, with what it holds, until it closes.
     */
    public Runnable onClose(Runnable action) {
        ChannelFutureListener listener = f -> action.run();
        channel.closeFuture().addListener(listener);
        return () -> channel.closeFuture().removeListener(listener);
    }

    /** True once the status line was sent: an error can then no longer become an error response. */
    public boolean started() {
        return started;
    }

    public void json(HttpResponseStatus status, Object body) {
        full(status, "application/json", Json.bytes(body));
    }

    public void text(HttpResponseStatus status, String body) {
        full(status, "text/plain; charset=utf-8", body.getBytes(StandardCharsets.UTF_8));
    }

    public void empty(HttpResponseStatus status) {
        full(status, null, new byte[0]);
    }

    /** The answer to a HEAD request: status and headers, no body. */
    public void headOnly(HttpResponseStatus status, String contentType, HttpHeaders extra) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status);
        r.headers().add(extra);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0);
        send(r);
    }

    public void full(HttpResponseStatus status, String contentType, byte[] body) {
        full(status, contentType, body, HttpHeaders.EMPTY_HEADERS);
    }

    public void full(HttpResponseStatus status, String contentType, byte[] body, HttpHeaders extra) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(body));
        r.headers().add(extra);
        if (contentType != null) {
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        }
        r.headers().set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        send(r);
    }

    private void send(FullHttpResponse r) {
        prepare(r);
        ChannelFuture f = channel.writeAndFlush(r);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /**
     * Starts a chunked body of {@code contentType}; the stream's {@code flush} sends what was written so far, and
     * {@code close} ends the response.
     */
    public OutputStream stream(HttpResponseStatus status, String contentType) {
        return stream(status, contentType, HttpHeaders.EMPTY_HEADERS);
    }

    /** {@link #stream(HttpResponseStatus, String)} with {@code extra} headers (archive's path stat). */
    public OutputStream stream(HttpResponseStatus status, String contentType, HttpHeaders extra) {
        HttpResponse r = new DefaultHttpResponse(HttpVersion.HTTP_1_1, status);
        r.headers().add(extra);
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, contentType);
        HttpUtil.setTransferEncodingChunked(r, true);
        prepare(r);
        // Uninterruptibly: a stream whose headers may or may not be out would leave the connection unusable.
        channel.writeAndFlush(r).awaitUninterruptibly();
        return new ChunkedBody();
    }

    private void prepare(HttpResponse r) {
        if (started) {
            throw new IllegalStateException("response already started");
        }
        started = true;
        commonHeaders.accept(r.headers());
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
        } else {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
    }

    /**
     * Chunks of the body; write failures (the client went away) surface as IOException. The buffer grows with the
     * writes: a stream that lives as long as a container (an attached run's wait, logs and events followed) and
     * sends a line at a time kept 128 KiB each when it was allocated whole.
     */
    private final class ChunkedBody extends OutputStream {
        private byte[] buffer = new byte[0];
        private int used;
        private boolean closed;
        /** The last chunk handed to the event loop, until it is known written. */
        private ChannelFuture inFlight;

        @Override
        public void write(int b) throws IOException {
            makeRoom(1);
            buffer[used++] = (byte) b;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                makeRoom(len);
                int n = Math.min(len, buffer.length - used);
                System.arraycopy(b, off, buffer, used, n);
                used += n;
                off += n;
                len -= n;
            }
        }

        /** Grows a full buffer towards room for {@code wanted} more bytes, or sends it once it is a whole chunk. */
        private void makeRoom(int wanted) throws IOException {
            if (used < buffer.length) {
                return;
            }
            if (buffer.length == CHUNK) {
                send();
                return;
            }
            int size = Math.max(FIRST_CHUNK, buffer.length * 2);
            while (size < used + wanted && size < CHUNK) {
                size *= 2;
            }
            buffer = Arrays.copyOf(buffer, Math.min(size, CHUNK));
        }

        @Override
        public void flush() throws IOException {
            if (used > 0) {
                send();
            }
        }

        private void send() throws IOException {
            // Waits for the chunks sent so far only once the channel's outbound buffer is above its high-water mark:
            // a slow client still holds the producer back (a full chunk is above the mark on its own, so a large
            // body keeps one chunk in flight at most), but small messages (a pull's dozen progress messages, sent
            // from its download thread) no longer wait for the event loop, which a busy host may not run for
            // milliseconds. A chunk that already failed (the client went away) still ends the stream here.
            ChannelFuture last = inFlight;
            if (last != null && (last.isDone() || !channel.isWritable())) {
                awaitWritten();
            }
            inFlight = channel.writeAndFlush(new DefaultHttpContent(Unpooled.copiedBuffer(buffer, 0, used)));
            used = 0;
        }

        private void awaitWritten() throws IOException {
            ChannelFuture f = inFlight;
            if (f == null) {
                return;
            }
            try {
                f.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("response interrupted");
            }
            inFlight = null;
            if (!f.isSuccess()) {
                throw new IOException("client went away", f.cause());
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            flush();
            ChannelFuture f = channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        }
    }
}
