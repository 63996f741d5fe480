package dev.berth.registry.http;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.util.Optional;

/**
 * The worker of one connection: takes its requests in order, lets the {@link Dispatcher} answer each (blocking is
 * fine, it runs on a virtual thread), and stops at the end of the connection or after a response that closes it.
 */
final class ConnectionWorker implements Runnable {
    private final ChannelHandlerContext ctx;
    private final InboundQueue queue;
    private final Dispatcher dispatcher;
    private final Runnable requestDone;

    ConnectionWorker(ChannelHandlerContext ctx, InboundQueue queue, Dispatcher dispatcher, Runnable requestDone) {
        this.ctx = ctx;
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.requestDone = requestDone;
    }

    @Override
    public void run() {
        try {
            // Not while the channel is open: its worker may start after a client sent a request and closed the
            // connection (under load, or a PATCH cut off mid-way), and that request, queued before the end, is
            // still served with what arrived of its body. serve stops the loop once no response can be sent.
            while (true) {
                Optional<HttpObject> next = queue.next();
                if (next.isEmpty()) {
                    return;
                }
                switch (next.get()) {
                    case HttpRequest request -> {
                        boolean more;
                        try {
                            more = serve(request);
                        } finally {
                            requestDone.run();
                        }
                        if (!more) {
                            return;
                        }
                    }
                    case HttpContent stray -> stray.release();
                    default -> { }
                }
            }
        } finally {
            queue.drain();
        }
    }

    /** Answers one request; false when the connection cannot serve another. */
    private boolean serve(HttpRequest request) {
        if (request.decoderResult().isFailure()) {
            DefaultFullHttpResponse bad = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1,
                    HttpResponseStatus.BAD_REQUEST, Unpooled.EMPTY_BUFFER);
            bad.headers().set(HttpHeaderNames.CONTENT_LENGTH, 0).set(HttpHeaderNames.CONNECTION,
                    HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(bad).addListener(ChannelFutureListener.CLOSE);
            return false;
        }
        RequestBody body = new RequestBody(queue, false);
        if (!HttpUtil.isContentLengthSet(request) && !HttpUtil.isTransferEncodingChunked(request)) {
            try {
                body.finishEmpty();
            } catch (java.io.IOException closed) {
                return false;
            }
        }
        Exchange exchange = new Exchange(ctx, request, body, dispatcher.observers());
        dispatcher.dispatch(exchange);
        return exchange.isSent() && body.isFinished() && ctx.channel().isOpen();
    }
}
