package dev.berth.registry.http;

import dev.berth.registry.api.Route;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpChunkedInput;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One request and its response, handled on the connection's worker thread: the request line, headers and streamed
 * {@link RequestBody}; exactly one of the {@code send…} methods answers it. Every response carries
 * {@code Docker-Distribution-API-Version: registry/2.0}. A response sent before the body was read closes the
 * connection (the rest of the body cannot be told from the next request).
 */
public final class Exchange {
    static final String API_VERSION = "registry/2.0";
    private static final long SKIP_LIMIT = 64 * 1024;

    private final ChannelHandlerContext ctx;
    private final HttpRequest request;
    private final RequestBody body;
    private final QueryStringDecoder uri;
    private final List<ExchangeObserver> observers;
    private final long startNanos = System.nanoTime();
    private final Map<String, Object> attributes = new ConcurrentHashMap<>();
    private volatile Route route;
    private volatile String principal;
    private volatile int status;
    private volatile long bytesOut;
    private volatile long durationNanos;
    private boolean sent;

    Exchange(ChannelHandlerContext ctx, HttpRequest request, RequestBody body, List<ExchangeObserver> observers) {
        this.ctx = ctx;
        this.request = request;
        this.body = body;
        this.uri = new QueryStringDecoder(request.uri());
        this.observers = observers;
    }

    public String method() {
        return request.method().name();
    }

    public boolean isHead() {
        return request.method().equals(HttpMethod.HEAD);
    }

    /** The decoded path, without the query. */
    public String path() {
        return uri.path();
    }

    public String rawUri() {
        return request.uri();
    }

    public Optional<String> query(String name) {
        List<String> values = uri.parameters().get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.getFirst());
    }

    public boolean hasQuery(String name) {
        return uri.parameters().containsKey(name);
    }

    public HttpHeaders headers() {
        return request.headers();
    }

    public Optional<String> header(CharSequence name) {
        return Optional.ofNullable(request.headers().get(name));
    }

    public RequestBody body() {
        return body;
    }

    public SocketAddress remoteAddress() {
        return ctx.channel().remoteAddress();
    }

    public boolean isSecure() {
        return ctx.pipeline().get(SslHandler.class) != null;
    }

    /** The route this request was matched to, once routing ran. */
    public Optional<Route> route() {
        return Optional.ofNullable(route);
    }

    /** Set by the router once the path is matched. */
    public void route(Route r) {
        this.route = r;
    }

    /** Who the access guard authenticated, for logs. */
    public Optional<String> principal() {
        return Optional.ofNullable(principal);
    }

    /** Set by the router after the access guard accepted the request. */
    public void principal(String p) {
        this.principal = p;
    }

    /** Free-form values hooks attach to a request (e.g. a metrics label). */
    public Map<String, Object> attributes() {
        return attributes;
    }

    public int status() {
        return status;
    }

    public long bytesIn() {
        return body.received();
    }

    public long bytesOut() {
        return bytesOut;
    }

    /** From the request head to the last response byte handed to the socket. */
    public long durationNanos() {
        return durationNanos;
    }

    public boolean isSent() {
        return sent;
    }

    /** A response with a small body (JSON, an error); HEAD gets the headers only. */
    public void send(HttpResponseStatus s, HttpHeaders headers, byte[] content) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s,
                isHead() ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(content));
        response.headers().set(headers);
        HttpUtil.setContentLength(response, content.length);
        finish(response, null, isHead() ? 0 : content.length);
    }

    /** A response without a body; {@code contentLength} is what a HEAD reports (0 otherwise). */
    public void sendEmpty(HttpResponseStatus s, HttpHeaders headers, long contentLength) {
        DefaultFullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s, Unpooled.EMPTY_BUFFER);
        response.headers().set(headers);
        HttpUtil.setContentLength(response, contentLength);
        finish(response, null, 0);
    }

    /**
     * {@code length} bytes of {@code file} from {@code offset}, zero-copy (sendfile) to network peers, in chunks over
     * TLS, written from a mapping of the file on loopback ({@link FileTransfer}); takes the channel.
     */
    public void sendFile(HttpResponseStatus s, HttpHeaders headers, FileChannel file, long offset, long length)
            throws IOException {
        DefaultHttpResponse response = new DefaultHttpResponse(HttpVersion.HTTP_1_1, s);
        response.headers().set(headers);
        HttpUtil.setContentLength(response, length);
        if (isHead()) {
            file.close();
            finish(new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, s, Unpooled.EMPTY_BUFFER,
                    response.headers(), new DefaultHttpHeaders()), null, 0);
            return;
        }
        Object content = FileTransfer.content(remoteAddress(), isSecure(), file, offset, length,
                ReaderAffinity.of(ctx.channel()));
        finish(response, content, length);
    }

    private void finish(HttpResponse response, Object content, long length) {
        if (sent) {
            throw new IllegalStateException("response already sent for " + method() + " " + rawUri());
        }
        sent = true;
        status = response.status().code();
        response.headers().set("Docker-Distribution-API-Version", API_VERSION);
        boolean keepAlive = HttpUtil.isKeepAlive(request) && (body.isFinished() || body.skip(SKIP_LIMIT));
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
        }
        ChannelFuture done;
        if (content == null) {
            done = ctx.writeAndFlush(response);
        } else {
            ctx.write(response);
            ctx.write(content);
            done = ctx.writeAndFlush(content instanceof HttpChunkedInput ? Unpooled.EMPTY_BUFFER
                    : LastHttpContent.EMPTY_LAST_CONTENT);
        }
        done.addListener(f -> {
            bytesOut = f.isSuccess() ? length : 0;
            durationNanos = System.nanoTime() - startNanos;
            for (ExchangeObserver o : observers) {
                o.completed(this);
            }
        });
        if (!keepAlive) {
            done.addListener(ChannelFutureListener.CLOSE);
        }
    }

    /** Marks the request as failed without a response (connection lost) so observers still see it. */
    void abandon() {
        if (!sent) {
            sent = true;
            status = 499;
            durationNanos = System.nanoTime() - startNanos;
            ctx.channel().eventLoop().execute(() -> observers.forEach(o -> o.completed(this)));
            ctx.close();
        }
    }
}
