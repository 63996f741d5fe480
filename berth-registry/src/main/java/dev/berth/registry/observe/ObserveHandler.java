package dev.berth.registry.observe;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufHolder;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.FileRegion;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Optional;

/**
 * Watches every request and response on a connection, right behind the HTTP codec: counts body bytes both ways,
 * the final status and the time until the last byte was handed to the socket, then feeds {@link RegistryMetrics} and
 * the {@link AccessLog}. Requests are matched to responses in order, as HTTP/1.1 pipelining requires.
 *
 * <p>Whoever authenticates a request names the user in the channel attribute {@link #USER}.
 */
public final class ObserveHandler extends ChannelDuplexHandler {
    /** The authenticated user of the request being served on this channel; absent or empty: anonymous. */
    public static final AttributeKey<Optional<String>> USER = AttributeKey.valueOf("berth.registry.user");

    private final RegistryMetrics metrics;
    private final Optional<AccessLog> log;
    private final ArrayDeque<Exchange> exchanges = new ArrayDeque<>();

    private static final class Exchange {
        final Instant time = Instant.now();
        final long start = System.nanoTime();
        final String method;
        final String path;
        final Route route;
        final boolean upload;
        final Optional<String> userAgent;
        Optional<String> user = Optional.empty();
        long bytesIn;
        long bytesOut;
        int status;

        Exchange(HttpRequest request) {
            this.method = request.method().name();
            this.path = request.uri();
            this.route = Route.of(new QueryStringDecoder(request.uri()).path());
            this.upload = route == Route.BLOB_UPLOADS && !request.method().equals(HttpMethod.GET)
                    && !request.method().equals(HttpMethod.DELETE) && !request.method().equals(HttpMethod.HEAD);
            this.userAgent = Optional.ofNullable(request.headers().get(HttpHeaderNames.USER_AGENT));
        }
    }

    public ObserveHandler(RegistryMetrics metrics, Optional<AccessLog> log) {
        this.metrics = metrics;
        this.log = log;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest request) {
            Exchange exchange = new Exchange(request);
            exchanges.addLast(exchange);
            metrics.requestStarted();
            if (exchange.upload) {
                metrics.uploadStarted();
            }
        }
        if (msg instanceof HttpContent content && !exchanges.isEmpty()) {
            long n = content.content().readableBytes();
            exchanges.peekLast().bytesIn += n;
            metrics.bytesReceived(n);
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        Exchange exchange = exchanges.peekFirst();
        if (exchange == null) {
            super.write(ctx, msg, promise);
            return;
        }
        boolean informational = false;
        if (msg instanceof HttpResponse response) {
            informational = response.status().codeClass() == io.netty.handler.codec.http.HttpStatusClass.INFORMATIONAL;
            if (!informational) {
                exchange.status = response.status().code();
                exchange.user = ctx.channel().attr(USER).get() == null ? Optional.empty()
                        : ctx.channel().attr(USER).get();
            }
        }
        long n = bodyBytes(msg);
        exchange.bytesOut += n;
        metrics.bytesSent(n);
        if (msg instanceof LastHttpContent && !informational) {
            exchanges.pollFirst();
            ChannelPromise watched = promise.unvoid();
            watched.addListener(f -> finish(ctx, exchange));
            super.write(ctx, msg, watched);
            return;
        }
        super.write(ctx, msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        // Requests cut off before their response was complete are still counted, with the status sent (or 0).
        Exchange exchange;
        while ((exchange = exchanges.pollFirst()) != null) {
            finish(ctx, exchange);
        }
        super.channelInactive(ctx);
    }

    private void finish(ChannelHandlerContext ctx, Exchange e) {
        long nanos = System.nanoTime() - e.start;
        metrics.requestEnded();
        if (e.upload) {
            metrics.uploadEnded();
        }
        metrics.requestCompleted(e.route, e.method, e.status, nanos);
        log.ifPresent(l -> l.record(new AccessLogEntry(e.time, e.method, e.path, e.status, e.bytesIn, e.bytesOut,
                Duration.ofNanos(nanos), remote(ctx.channel().remoteAddress()), e.user, e.route, e.userAgent)));
    }

    private static long bodyBytes(Object msg) {
        return switch (msg) {
            case ByteBufHolder holder -> holder.content().readableBytes();
            case ByteBuf buf -> buf.readableBytes();
            case FileRegion region -> region.count();
            default -> 0;
        };
    }

    private static String remote(SocketAddress address) {
        if (address instanceof InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(address);
    }
}
