package dev.berth.registry.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.concurrent.ThreadFactory;

/**
 * The last handler of a connection's pipeline: hands the decoded messages to the connection's worker (a virtual
 * thread running {@link ConnectionWorker}), which answers the requests one after the other, in order.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private final Dispatcher dispatcher;
    private final ThreadFactory workers;
    private final InboundBudget budget;
    private InboundQueue queue;
    /** Requests handed to the worker and not yet answered; only with none may the event loop answer one itself. */
    private final java.util.concurrent.atomic.AtomicInteger pending = new java.util.concurrent.atomic.AtomicInteger();
    private boolean skipToLast;
    private ChannelHandlerContext ctx;

    ConnectionHandler(Dispatcher dispatcher, ThreadFactory workers, InboundBudget budget) {
        this.dispatcher = dispatcher;
        this.workers = workers;
        this.budget = budget;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        this.ctx = ctx;
        queue = new InboundQueue(ctx.channel(), budget);
        // Counted down on the event loop, after the tasks that write the response: an answer given there later
        // cannot overtake it.
        Runnable done = () -> ctx.executor().execute(pending::decrementAndGet);
        workers.newThread(new ConnectionWorker(ctx, queue, dispatcher, done)).start();
        super.channelActive(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (skipToLast && msg instanceof HttpContent content) {
            skipToLast = !(content instanceof LastHttpContent);
            content.release();
        } else if (msg instanceof HttpRequest request && queue != null && answeredAtOnce(request)) {
            skipToLast = true;
        } else if (msg instanceof HttpObject http && queue != null) {
            if (http instanceof HttpRequest) {
                pending.incrementAndGet();
            }
            queue.offer(http);
        } else {
            ReferenceCountUtil.release(msg);
        }
    }

    /**
     * A body-less GET or HEAD on an idle connection may be answered here, without the hop to the worker thread, when
     * the API can do so without blocking: it is the latency that matters for manifest GETs under load.
     */
    private boolean answeredAtOnce(HttpRequest request) {
        boolean bodyless = !HttpUtil.isContentLengthSet(request) && !HttpUtil.isTransferEncodingChunked(request);
        boolean read = request.method().equals(HttpMethod.GET) || request.method().equals(HttpMethod.HEAD);
        if (!bodyless || !read || pending.get() != 0 || request.decoderResult().isFailure()) {
            return false;
        }
        Exchange exchange = new Exchange(ctx, request, RequestBody.empty(queue), dispatcher.observers());
        return dispatcher.tryWithoutBlocking(exchange);
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
