package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.ChannelInputShutdownEvent;
import io.netty.channel.socket.DuplexChannel;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The userland proxy of published ports (docker's {@code docker-proxy}): for each mapping a listener on the host
 * address and port that relays to the container's address — the only way to reach a container from the host's
 * loopback, which DNAT cannot. TCP relays each connection over the Netty event loops, half-closes passed on; UDP
 * relays datagrams per client through a socket of its own to the container, on virtual threads.
 */
final class PortProxy implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    private final Map<String, List<AutoCloseable>> byContainer = new ConcurrentHashMap<>();

    /**
     * Binds {@code mapping}'s host side (port 0: a free one) and relays to {@code target}; the mapping as bound.
     * A busy port fails with docker's wording.
     */
    synchronized PortMapping open(String containerId, PortMapping mapping, int target) {
        InetSocketAddress bindAt = new InetSocketAddress(mapping.hostIp().isEmpty() ? "0.0.0.0" : mapping.hostIp(),
                mapping.hostPort());
        InetSocketAddress to = new InetSocketAddress(Ipv4.format(target) , mapping.containerPort());
        AutoCloseable listener;
        int port;
        try {
            if (mapping.protocol().equals("tcp")) {
                Channel server = tcp(bindAt, to);
                listener = () -> server.close().sync();
                port = ((InetSocketAddress) server.localAddress()).getPort();
            } else {
                UdpRelay relay = new UdpRelay(bindAt, to);
                listener = relay;
                port = relay.port();
            }
        } catch (IOException | RuntimeException e) {
            Throwable cause = e.getCause() != null && !(e instanceof IOException) ? e.getCause() : e;
            boolean inUse = cause instanceof BindException || String.valueOf(cause.getMessage()).contains("in use");
            throw new BerthException(inUse ? ErrorKind.CONFLICT : ErrorKind.INTERNAL,
                    "failed to bind host port for " + bindAt.getHostString() + ":" + mapping.hostPort() + ":"
                            + to.getHostString() + ":" + mapping.containerPort() + "/" + mapping.protocol() + ": "
                            + (inUse ? "address already in use" : cause.getMessage()));
        }
        byContainer.computeIfAbsent(containerId, k -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(listener);
        return mapping.withHostPort(port);
    }

    /** Closes every listener of {@code containerId}: its ports are free again. */
    synchronized void close(String containerId) {
        List<AutoCloseable> listeners = byContainer.remove(containerId);
        if (listeners == null) {
            return;
        }
        RuntimeException failure = null;
        for (AutoCloseable l : listeners) {
            try {
                l.close();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                failure = failure == null ? new BerthException(ErrorKind.INTERNAL, "close published ports of "
                        + containerId + ": " + e.getMessage(), e) : failure;
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    int listeners() {
        return byContainer.values().stream().mapToInt(List::size).sum();
    }

    private Channel tcp(InetSocketAddress bindAt, InetSocketAddress to) throws IOException {
        ServerBootstrap b = new ServerBootstrap().group(group).channel(EpollServerSocketChannel.class)
                .option(ChannelOption.SO_REUSEADDR, true)
                .childOption(ChannelOption.AUTO_READ, false)
                .childOption(ChannelOption.ALLOW_HALF_CLOSURE, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel client) {
                        client.pipeline().addLast(new Frontend(to));
                    }
                });
        try {
            return b.bind(bindAt).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** The client side: connects to the container on accept, then relays. */
    private final class Frontend extends Relay {
        private final InetSocketAddress to;

        Frontend(InetSocketAddress to) {
            this.to = to;
        }

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            Channel client = ctx.channel();
            Bootstrap b = new Bootstrap().group(client.eventLoop()).channel(EpollSocketChannel.class)
                    .option(ChannelOption.AUTO_READ, false)
                    .option(ChannelOption.ALLOW_HALF_CLOSURE, true)
                    .handler(new Relay());
            b.connect(to).addListener((ChannelFutureListener) f -> {
                if (!f.isSuccess()) {
                    client.close();
                    return;
                }
                Channel backend = f.channel();
                ((Relay) backend.pipeline().last()).peer = client;
                peer = backend;
                client.read();
                backend.read();
            });
        }
    }

    /** Passes what one side reads to its peer, reading more once written (back-pressure), and half-closes. */
    private static class Relay extends ChannelInboundHandlerAdapter {
        Channel peer;

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            peer.writeAndFlush(msg).addListener((ChannelFutureListener) f -> {
                if (f.isSuccess()) {
                    ctx.channel().read();
                } else {
                    f.channel().close();
                    ctx.channel().close();
                }
            });
        }

        @Override
        public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
            if (evt instanceof ChannelInputShutdownEvent && peer instanceof DuplexChannel d) {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> d.shutdownOutput());
                if (ctx.channel() instanceof DuplexChannel self && self.isOutputShutdown()) {
                    ctx.channel().close();
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (peer != null) {
                peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }

    /** UDP: one socket per client towards the container, replies sent back from the listening socket. */
    private static final class UdpRelay implements AutoCloseable {
        private final DatagramChannel listener;
        private final InetSocketAddress to;
        private final Map<InetSocketAddress, DatagramChannel> clients = new ConcurrentHashMap<>();

        UdpRelay(InetSocketAddress bindAt, InetSocketAddress to) throws IOException {
            this.to = to;
            this.listener = DatagramChannel.open();
            try {
                listener.bind(bindAt);
            } catch (IOException e) {
                listener.close();
                throw e;
            }
            Thread.ofVirtual().name("berth-udp-proxy").start(this::serve);
        }

        int port() {
            return ((InetSocketAddress) listener.socket().getLocalSocketAddress()).getPort();
        }

        private void serve() {
            ByteBuffer buf = ByteBuffer.allocate(65535);
            while (listener.isOpen()) {
                try {
                    buf.clear();
                    InetSocketAddress from = (InetSocketAddress) listener.receive(buf);
                    buf.flip();
                    DatagramChannel upstream = clients.computeIfAbsent(from, this::upstream);
                    upstream.write(buf);
                } catch (IOException | java.io.UncheckedIOException e) {
                    if (!listener.isOpen()) {
                        return;
                    }
                }
            }
        }

        private DatagramChannel upstream(InetSocketAddress client) {
            try {
                DatagramChannel up = DatagramChannel.open();
                up.connect(to);
                Thread.ofVirtual().name("berth-udp-proxy-reply").start(() -> {
                    ByteBuffer buf = ByteBuffer.allocate(65535);
                    while (up.isOpen()) {
                        try {
                            buf.clear();
                            up.read(buf);
                            buf.flip();
                            listener.send(buf, client);
                        } catch (IOException e) {
                            return;
                        }
                    }
                });
                return up;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (DatagramChannel c : clients.values()) {
                c.close();
            }
        }
    }

    @Override
    public void close() {
        for (String id : List.copyOf(byContainer.keySet())) {
            close(id);
        }
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }
}
