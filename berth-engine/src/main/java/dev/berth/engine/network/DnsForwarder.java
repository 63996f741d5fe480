package dev.berth.engine.network;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Where the embedded DNS sends the names that are no container's, as docker's embedded DNS forwards to the
 * container's {@code --dns} servers, else to the nameservers of the host's {@code resolv.conf} — but berthd sends
 * nothing off the machine, so only to servers on the machine: of the host's, those on its loopback (a local caching
 * resolver such as systemd-resolved's 127.0.0.53), asked from berthd's own namespace; of a container's {@code --dns},
 * those on its own loopback or on one of its networks (a DNS server in another container), asked from inside the
 * container's namespace, where they are reachable. With no such server a query is answered SERVFAIL at once instead
 * of timing out in the container.
 */
final class DnsForwarder {
    static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** No server: every query SERVFAIL. */
    static final DnsForwarder NONE = new DnsForwarder(List.of(), Optional.empty());

    private final List<InetSocketAddress> servers;
    private final Optional<Path> netns;

    private DnsForwarder(List<InetSocketAddress> servers, Optional<Path> netns) {
        this.servers = List.copyOf(servers);
        this.netns = netns;
    }

    /** Forwarding to {@code servers} on the host's loopback, from berthd's namespace. */
    static DnsForwarder host(List<InetSocketAddress> servers) {
        for (InetSocketAddress s : servers) {
            if (s.isUnresolved() || !s.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("DNS forwarding only to the host's loopback, not " + s);
            }
        }
        return new DnsForwarder(servers, Optional.empty());
    }

    /**
     * Forwarding to {@code servers} from inside namespace {@code netns}; the caller picks servers reachable there
     * without leaving the machine.
     */
    static DnsForwarder inside(Path netns, List<InetSocketAddress> servers) {
        return new DnsForwarder(servers, Optional.of(netns));
    }

    /** The loopback nameservers of {@code resolvConf} (port 53); none when it is missing. */
    static DnsForwarder ofResolvConf(Path resolvConf) {
        List<InetSocketAddress> loopback = new ArrayList<>();
        try {
            if (Files.exists(resolvConf)) {
                for (String line : Files.readAllLines(resolvConf)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length >= 2 && f[0].equals("nameserver")) {
                        loopbackAddress(f[1]).ifPresent(a -> loopback.add(new InetSocketAddress(a, 53)));
                    }
                }
            }
        } catch (IOException e) {
            throw BerthException.io("read " + resolvConf, e);
        }
        return host(loopback);
    }

    /** {@code text} as an address when it is a literal loopback address (never a name: no lookup happens here). */
    private static Optional<InetAddress> loopbackAddress(String text) {
        if (!text.matches("[0-9.]+|[0-9a-fA-F:]+")) {
            return Optional.empty();
        }
        try {
            InetAddress a = InetAddress.getByName(text);
            return a.isLoopbackAddress() ? Optional.of(a) : Optional.empty();
        } catch (UnknownHostException notAnAddress) {
            return Optional.empty();
        }
    }

    List<InetSocketAddress> servers() {
        return servers;
    }

    /**
     * The first answer to {@code query} from the servers in turn, each given {@link #TIMEOUT}; empty when there are
     * none or none answered.
     */
    Optional<byte[]> forward(byte[] query) throws IOException {
        for (InetSocketAddress server : servers) {
            try (DatagramSocket socket = open(server)) {
                socket.setSoTimeout((int) TIMEOUT.toMillis());
                socket.connect(server);
                socket.send(new DatagramPacket(query, query.length));
                Optional<byte[]> answer = receiveAnswer(socket, query);
                if (answer.isPresent()) {
                    return answer;
                }
            }
        }
        return Optional.empty();
    }

    /** A socket towards {@code server}, made in the namespace the server is reached from. */
    private DatagramSocket open(InetSocketAddress server) {
        if (netns.isEmpty()) {
            try {
                return new DatagramSocket(new InetSocketAddress(server.getAddress(), 0));
            } catch (IOException e) {
                throw BerthException.io("open a socket to DNS server " + server, e);
            }
        }
        return NetNamespace.inside(netns.get(), () -> new DatagramSocket());
    }

    /** The server's reply with {@code query}'s id (stray datagrams skipped); empty on timeout. */
    private static Optional<byte[]> receiveAnswer(DatagramSocket socket, byte[] query) throws IOException {
        byte[] buffer = new byte[65535];
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            DatagramPacket p = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(p);
            } catch (SocketTimeoutException e) {
                return Optional.empty();
            }
            if (p.getLength() >= 2 && buffer[0] == query[0] && buffer[1] == query[1]) {
                return Optional.of(Arrays.copyOf(buffer, p.getLength()));
            }
        }
        return Optional.empty();
    }
}
