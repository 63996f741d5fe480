package dev.berth.registry.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpObject;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ThreadFactory;

/**
 * The last handler of a connection's pipeline: hands the decoded messages to the connection's worker (a virtual
 * thread running {@link ConnectionWorker}), which answers the requests one after the other, in order.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private final Dispatcher dispatcher;
    private final ThreadFactory workers;
    private InboundQueue queue;

    ConnectionHandler(Dispatcher dispatcher, ThreadFactory workers) {
        this.dispatcher = dispatcher;
        this.workers = workers;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        queue = new InboundQueue(ctx.channel());
        workers.newThread(new ConnectionWorker(ctx, queue, dispatcher)).start();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof HttpObject http && queue != null) {
            queue.offer(http);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (queue != null) {
            queue.close();
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // Resets and broken pipes end the connection; the worker sees the end of its queue.
        ctx.close();
    }
}
