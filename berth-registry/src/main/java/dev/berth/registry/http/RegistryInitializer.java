package dev.berth.registry.http;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.HttpServerExpectContinueHandler;
import io.netty.handler.stream.ChunkedWriteHandler;
import java.util.concurrent.ThreadFactory;

/**
 * The pipeline of a connection: [TLS] → HTTP codec → {@code 100 Continue} → chunked writes (files over TLS) → the
 * {@link ConnectionHandler} that hands requests to the connection's worker thread.
 */
final class RegistryInitializer extends ChannelInitializer<SocketChannel> {
    /** Request line and headers; a body chunk is cut at the codec's buffer anyway. */
    private static final int MAX_INITIAL_LINE = 16 * 1024;
    private static final int MAX_HEADERS = 64 * 1024;
    private static final int MAX_CHUNK = 256 * 1024;

    private final RegistryHooks hooks;
    private final Dispatcher dispatcher;
    private final ThreadFactory workers;
    private final InboundBudget budget = new InboundBudget(InboundBudget.DEFAULT_BYTES);

    RegistryInitializer(RegistryHooks hooks, Dispatcher dispatcher, ThreadFactory workers) {
        this.hooks = hooks;
        this.dispatcher = dispatcher;
        this.workers = workers;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        FileTransfer.tune(ch);
        ChannelPipeline p = ch.pipeline();
        hooks.tls().ifPresent(tls -> p.addLast("tls", tls.newHandler(ch.alloc())));
        p.addLast("http", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADERS, MAX_CHUNK));
        p.addLast("continue", new HttpServerExpectContinueHandler());
        p.addLast("chunked", new ChunkedWriteHandler());
        p.addLast("registry", new ConnectionHandler(dispatcher, workers, budget));
    }
}
