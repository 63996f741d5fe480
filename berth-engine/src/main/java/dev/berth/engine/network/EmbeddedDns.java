package dev.berth.engine.network;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.DatagramChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The embedded DNS server of user-defined networks: for each container namespace a UDP socket opened inside it at
 * {@code 127.0.0.11:53} (docker's resolver address, in the container's own loopback — no packet leaves the namespace
 * or needs a NAT rule), served by one virtual thread, answering from {@link Resolver} with the names of the
 * containers that share a network with the asker; other names go to the {@link DnsForwarder} on a virtual thread of
 * their own (a slow resolver never holds up the container's own names), SERVFAIL when it has no answer.
 */
final class EmbeddedDns implements AutoCloseable {
    static final String ADDRESS = "127.0.0.11";
    private static final Logger LOG = Logger.getLogger(EmbeddedDns.class.getName());

    /** The addresses of {@code name} as container {@code asker} sees them; empty when unknown. */
    interface Resolver {
        List<Integer> resolve(String asker, String name);
    }

    /** Where the names that are no container's go for container {@code asker}. */
    interface Forwarders {
        DnsForwarder of(String asker);
    }

    private final Resolver resolver;
    private final Forwarders forwarders;
    private final Map<String, DatagramChannel> listeners = new ConcurrentHashMap<>();

    EmbeddedDns(Resolver resolver, Forwarders forwarders) {
        this.resolver = resolver;
        this.forwarders = forwarders;
    }

    /** Listens in {@code netns} for container {@code containerId}; a second call for the same container is a no-op. */
    synchronized void listen(String containerId, Path netns) {
        if (listeners.containsKey(containerId)) {
            return;
        }
        DatagramChannel ch = NetNamespace.inside(netns, () -> {
            DatagramChannel c = DatagramChannel.open(StandardProtocolFamily.INET);
            try {
                c.bind(new InetSocketAddress(ADDRESS, 53));
            } catch (IOException e) {
                c.close();
                throw e;
            }
            return c;
        });
        listeners.put(containerId, ch);
        Thread.ofVirtual().name("berth-dns-" + containerId.substring(0, 12)).start(() -> serve(containerId, ch));
    }

    synchronized void stop(String containerId) {
        DatagramChannel ch = listeners.remove(containerId);
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException e) {
                LOG.log(Level.WARNING, "close DNS listener of container " + containerId, e);
            }
        }
    }

    boolean listening(String containerId) {
        return listeners.containsKey(containerId);
    }

    private void serve(String containerId, DatagramChannel ch) {
        ByteBuffer in = ByteBuffer.allocate(512);
        while (ch.isOpen()) {
            try {
                in.clear();
                SocketAddress from = ch.receive(in);
                in.flip();
                var query = DnsMessage.parseQuery(in);
                if (query.isEmpty()) {
                    continue;
                }
                DnsMessage q = query.get();
                List<Integer> addresses = resolver.resolve(containerId, q.name());
                if (!addresses.isEmpty()) {
                    ch.send(ByteBuffer.wrap(q.answer(addresses)), from);
                    continue;
                }
                DnsForwarder forwarder = forwarders.of(containerId);
                if (forwarder.servers().isEmpty()) {
                    ch.send(ByteBuffer.wrap(q.failure()), from);
                } else {
                    byte[] packet = new byte[in.limit()];
                    in.get(0, packet);
                    Thread.ofVirtual().start(() -> forward(containerId, forwarder, ch, q, packet, from));
                }
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "DNS for container " + containerId, e);
            }
        }
    }

    private void forward(String containerId, DnsForwarder forwarder, DatagramChannel ch, DnsMessage q, byte[] packet,
            SocketAddress from) {
        try {
            byte[] answer = forwarder.forward(packet).orElseGet(q::failure);
            ch.send(ByteBuffer.wrap(answer), from);
        } catch (ClosedChannelException e) {
            LOG.log(Level.FINE, "container " + containerId + " stopped before its DNS answer", e);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "forward DNS query of container " + containerId + " for " + q.name(), e);
        }
    }

    @Override
    public synchronized void close() {
        for (String id : List.copyOf(listeners.keySet())) {
            stop(id);
        }
    }
}
