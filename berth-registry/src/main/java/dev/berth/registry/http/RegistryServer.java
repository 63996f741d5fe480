package dev.berth.registry.http;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.IoHandlerFactory;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.ServerChannel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.net.InetSocketAddress;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;

/**
 * The registry's HTTP server: Netty with the epoll transport where available (NIO otherwise), one event loop per
 * core for the sockets and a virtual thread per connection for the requests. {@link #close} is graceful: it stops
 * accepting, lets requests in flight finish (up to a grace period), then closes the connections.
 */
public final class RegistryServer implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(RegistryServer.class.getName());
    private static final long GRACE_MILLIS = 10_000;

    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Channel channel;
    private final Dispatcher dispatcher;

    private RegistryServer(EventLoopGroup boss, EventLoopGroup workers, Channel channel, Dispatcher dispatcher) {
        this.boss = boss;
        this.workers = workers;
        this.channel = channel;
        this.dispatcher = dispatcher;
    }

    /** Binds {@code address} (port 0 picks a free one) and serves {@code api} with the features of {@code hooks}. */
    public static RegistryServer start(InetSocketAddress address, RequestHandler api, RegistryHooks hooks) {
        boolean epoll = Epoll.isAvailable();
        IoHandlerFactory io = epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory();
        Class<? extends ServerChannel> type = epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class;
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, io);
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(io);
        Dispatcher dispatcher = new Dispatcher(hooks.endpoints(), api, hooks.observers());
        ThreadFactory threads = Thread.ofVirtual().name("registry-conn-", 0).factory();
        try {
            Channel ch = new ServerBootstrap()
                    .group(boss, workers)
                    .channel(type)
                    .option(ChannelOption.SO_BACKLOG, 4096)
                    .option(ChannelOption.SO_REUSEADDR, true)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    // Large reads for blob uploads: fewer syscalls and fewer hand-overs to the worker thread.
                    .childOption(ChannelOption.RECVBUF_ALLOCATOR, new AdaptiveRecvByteBufAllocator(512, 16 << 10, 1 << 20))
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(256 << 10, 1 << 20))
                    .childHandler(new RegistryInitializer(hooks, dispatcher, threads))
                    .bind(address).sync().channel();
            LOG.log(System.Logger.Level.INFO, "listening on " + ch.localAddress() + " ("
                    + (epoll ? "epoll" : "nio") + (hooks.tls().isPresent() ? ", tls" : "") + ")");
            return new RegistryServer(boss, workers, ch, dispatcher);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            shutdown(boss, workers);
            throw new BerthException(ErrorKind.UNAVAILABLE, "bind " + address + ": interrupted");
        } catch (RuntimeException e) {
            shutdown(boss, workers);
            throw new BerthException(ErrorKind.UNAVAILABLE, "bind " + address + ": " + e.getMessage(), e);
        }
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) channel.localAddress();
    }

    public int port() {
        return address().getPort();
    }

    /** Requests being answered now. */
    public int inFlight() {
        return dispatcher.inFlight();
    }

    /** Blocks until the server channel closes. */
    public void awaitClose() throws InterruptedException {
        channel.closeFuture().sync();
    }

    @Override
    public void close() {
        try {
            channel.close().syncUninterruptibly();
            if (!dispatcher.awaitIdle(GRACE_MILLIS)) {
                LOG.log(System.Logger.Level.WARNING, dispatcher.inFlight() + " requests still in flight after "
                        + GRACE_MILLIS + " ms; closing their connections");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            shutdown(boss, workers);
        }
    }

    private static void shutdown(EventLoopGroup boss, EventLoopGroup workers) {
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
