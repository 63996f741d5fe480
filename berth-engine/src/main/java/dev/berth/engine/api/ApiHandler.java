package dev.berth.engine.api;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last handler of a connection's pipeline: hands each request to a virtual thread with its body as a stream,
 * after stripping and negotiating the {@code /v1.NN} prefix. Requests on one connection are served in turn.
 */
final class ApiHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = Logger.getLogger(ApiHandler.class.getName());
    private static final Pattern VERSIONED = Pattern.compile("/v([0-9.]+)(/.*)");

    private final Router router;
    private final ExecutorService workers;
    private final Consumer<HttpHeaders> commonHeaders;
    private RequestBody body;
    /** Set once a response hijacked the connection: raw bytes from the client go there. */
    private RequestBody raw;

    ApiHandler(Router router, ExecutorService workers, Consumer<HttpHeaders> commonHeaders) {
        this.router = router;
        this.workers = workers;
        this.commonHeaders = commonHeaders;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof io.netty.buffer.ByteBuf bytes) {
            if (raw != null && bytes.isReadable()) {
                raw.offer(bytes);
            } else {
                bytes.release();
            }
            return;
        }
        if (msg instanceof HttpRequest request) {
            body = new RequestBody(ctx.channel());
            RequestBody mine = body;
            workers.execute(() -> serve(ctx.channel(), request, mine));
        }
        if (msg instanceof HttpContent content) {
            if (body == null) {
                content.release();
                return;
            }
            if (content.content().isReadable()) {
                body.offer(content.content().retain());
            }
            content.release();
            if (msg instanceof LastHttpContent) {
                body.end();
                body = null;
            }
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (body != null) {
            body.fail(new IOException("connection closed"));
            body = null;
        }
        if (raw != null) {
            raw.end();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof io.netty.channel.socket.ChannelInputShutdownEvent && raw != null) {
            // The client half-closed a hijacked connection: end of its stdin.
            raw.end();
        }
        ctx.fireUserEventTriggered(evt);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.log(Level.FINE, "connection failed", cause);
        ctx.close();
    }

    private void serve(Channel channel, HttpRequest request, RequestBody requestBody) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        String method = request.method().name();
        ApiResponse response = new ApiResponse(channel, keepAlive, method.equals("HEAD"), commonHeaders,
                in -> raw = in);
        try {
            QueryStringDecoder uri = new QueryStringDecoder(request.uri());
            String path = uri.path();
            ApiVersion version = ApiVersion.MAX;
            Matcher m = VERSIONED.matcher(path);
            if (m.matches()) {
                version = ApiVersion.negotiate(m.group(1));
                path = m.group(2);
            }
            Router.Match match = router.route(method, path).orElseThrow(Router::pageNotFound);
            Map<String, List<String>> query = uri.parameters();
            match.handler().handle(new ApiRequest(method, path, version, query, request.headers(), requestBody,
                    match.params()), response);
        } catch (Exception | Error e) {
            fail(response, channel, method, request.uri(), e);
        } finally {
            try {
                requestBody.drain();
            } catch (IOException e) {
                LOG.log(Level.FINE, "drain request body", e);
            }
        }
    }

    private static void fail(ApiResponse response, Channel channel, String method, String uri, Throwable e) {
        if (ApiErrors.isServerFault(e)) {
            LOG.log(Level.WARNING, method + " " + uri + " failed", e);
        }
        if (!response.started()) {
            response.json(ApiErrors.status(e), ApiErrors.body(e));
        } else {
            // The status line is out: all that is left is to cut the stream, which the client sees as an error.
            channel.close();
        }
    }
}
