package dev.berth.registry.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class ConnectionWorkerTest {

    /**
     * Under load the connection's virtual thread may start only after a client has sent a request and closed the
     * connection (a PATCH cut off mid-way): the request was queued whole, and what arrived of its body is kept.
     */
    @Test
    void aRequestQueuedBeforeTheConnectionClosed_isServed_evenWhenItsWorkerStartsAfterTheClose() throws Exception {
        CountDownLatch closed = new CountDownLatch(1);
        // Completed when the worker has run, not when its thread is made: the factory hands the thread out before
        // ConnectionHandler starts it, and join() on a thread not yet started returns at once (with no body read).
        CompletableFuture<Void> workerRan = new CompletableFuture<>();
        ThreadFactory startsAfterTheClose = r -> {
            Thread t = Thread.ofVirtual().unstarted(() -> {
                try {
                    closed.await();
                    r.run();
                    workerRan.complete(null);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    workerRan.completeExceptionally(e);
                } catch (RuntimeException | Error e) {
                    workerRan.completeExceptionally(e);
                    throw e;
                }
            });
            return t;
        };
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        AtomicReference<Throwable> ended = new AtomicReference<>();
        RequestHandler api = ex -> {
            try {
                ex.body().forEachChunk(chunk -> {
                    byte[] bytes = new byte[chunk.remaining()];
                    chunk.get(bytes);
                    received.write(bytes, 0, bytes.length);
                });
            } catch (IOException e) {
                ended.set(e);
                throw e;
            }
            ex.sendEmpty(HttpResponseStatus.ACCEPTED, new DefaultHttpHeaders(), 0);
        };
        Dispatcher dispatcher = new Dispatcher(List.of(), api, List.of());
        RegistryInitializer registry = new RegistryInitializer(RegistryHooks.none(), dispatcher, startsAfterTheClose);
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        try {
            Channel server = new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            registry.initChannel(ch);
                            ch.closeFuture().addListener(f -> closed.countDown());
                        }
                    })
                    .bind(InetAddress.getLoopbackAddress(), 0).sync().channel();
            byte[] part = new byte[300_000];
            for (int i = 0; i < part.length; i++) {
                part[i] = (byte) (i * 31);
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(),
                    ((InetSocketAddress) server.localAddress()).getPort())) {
                OutputStream out = s.getOutputStream();
                out.write(("PATCH /v2/r/blobs/uploads/x HTTP/1.1\r\nHost: registry\r\nContent-Length: "
                        + (10 * part.length) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.write(part);
                out.flush();
            }
            workerRan.get(30, TimeUnit.SECONDS);
            assertThat(received.size()).as("body bytes the handler read").isEqualTo(part.length);
            assertThat(Arrays.equals(received.toByteArray(), part)).as("the body that arrived before the close")
                    .isTrue();
            assertThat(ended.get()).isInstanceOf(IOException.class);
            server.close().sync();
        } finally {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).sync();
        }
    }
}
