package dev.berth.engine.api;

import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.config.ListenAddress;
import dev.berth.oci.error.BerthException;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import javax.net.ssl.SSLException;

/**
 * The Engine API listeners: unix sockets (epoll domain sockets) and TCP, with TLS when the config names a
 * certificate. Each connection's pipeline is the HTTP codec and an {@link ApiHandler}; requests run on virtual
 * threads.
 */
public final class ApiServer implements AutoCloseable {
    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, EpollIoHandler.newFactory());
    private final ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Channel> listeners = new ArrayList<>();
    private final List<Path> sockets = new ArrayList<>();

    /** Binds every host of {@code config}; fails with the address that could not be bound. */
    public static ApiServer start(DaemonConfig config, Router router, Consumer<HttpHeaders> commonHeaders) {
        ApiServer server = new ApiServer();
        try {
            Optional<SslContext> tls = config.tls().isPresent() ? Optional.of(tls(config.tls().get()))
                    : Optional.empty();
            for (String host : config.hosts()) {
                server.bind(ListenAddress.parse(host), tls, router, commonHeaders);
            }
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private void bind(ListenAddress address, Optional<SslContext> tls, Router router,
            Consumer<HttpHeaders> commonHeaders) {
        ServerBootstrap b = new ServerBootstrap().group(group);
        boolean secure = address instanceof ListenAddress.Tcp && tls.isPresent();
        b.childHandler(new ChannelInitializer<Channel>() {
            @Override
            protected void initChannel(Channel ch) {
                if (secure) {
                    ch.pipeline().addLast(tls.get().newHandler(ch.alloc()));
                }
                ch.pipeline().addLast(new HttpServerCodec());
                ch.pipeline().addLast(new ApiHandler(router, workers, commonHeaders));
            }
        });
        try {
            switch (address) {
                case ListenAddress.Unix u -> {
                    Files.createDirectories(u.socket().getParent());
                    Files.deleteIfExists(u.socket());
                    b.channel(EpollServerDomainSocketChannel.class);
                    listeners.add(b.bind(new DomainSocketAddress(u.socket().toFile())).sync().channel());
                    sockets.add(u.socket());
                    u.socket().toFile().setWritable(true, true);
                }
                case ListenAddress.Tcp t -> {
                    b.channel(EpollServerSocketChannel.class);
                    listeners.add(b.bind(new InetSocketAddress(t.host(), t.port())).sync().channel());
                }
            }
        } catch (IOException e) {
            throw BerthException.io("listen on " + address, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BerthException.wrap("listen on " + address, e);
        } catch (RuntimeException e) {
            throw BerthException.wrap("listen on " + address, e);
        }
    }

    private static SslContext tls(DaemonConfig.TlsFiles files) {
        try {
            SslContextBuilder b = SslContextBuilder.forServer(files.cert().toFile(), files.key().toFile());
            if (files.clientCa().isPresent()) {
                b.trustManager(files.clientCa().get().toFile()).clientAuth(ClientAuth.REQUIRE);
            }
            return b.build();
        } catch (SSLException | IllegalArgumentException e) {
            throw BerthException.invalid("load TLS certificate " + files.cert() + ": " + e.getMessage());
        }
    }

    /** The bound TCP port of the first TCP listener, for tests that bind port 0. */
    public Optional<Integer> tcpPort() {
        return listeners.stream().map(Channel::localAddress).filter(a -> a instanceof InetSocketAddress)
                .map(a -> ((InetSocketAddress) a).getPort()).findFirst();
    }

    /** Stops listening, lets running requests end, and removes the socket files. */
    @Override
    public void close() {
        for (Channel c : listeners) {
            c.close().awaitUninterruptibly();
        }
        group.shutdownGracefully(0, 2, java.util.concurrent.TimeUnit.SECONDS).awaitUninterruptibly();
        workers.shutdownNow();
        for (Path s : sockets) {
            try {
                Files.deleteIfExists(s);
            } catch (IOException e) {
                throw BerthException.io("remove socket " + s, e);
            }
        }
    }
}
