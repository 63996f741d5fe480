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
 * Where the embedded DNS sends the names that are no container's: the host's own resolvers, as docker's embedded DNS
 * forwards to the nameservers of the host's {@code resolv.conf}, but only those on the host's loopback (a local
 * caching resolver such as systemd-resolved's 127.0.0.53). berthd sends nothing off the machine, so with no such
 * resolver a query is answered SERVFAIL at once instead of timing out in the container. The sockets are opened in
 * berthd's own namespace (where the host's loopback is), not the container's.
 */
final class DnsForwarder {
    static final Path HOST_RESOLV_CONF = Path.of("/etc/resolv.conf");
    private static final Duration TIMEOUT = Duration.ofSeconds(2);

    private final List<InetSocketAddress> servers;

    DnsForwarder(List<InetSocketAddress> servers) {
        for (InetSocketAddress s : servers) {
            if (s.isUnresolved() || !s.getAddress().isLoopbackAddress()) {
                throw new IllegalArgumentException("DNS forwarding only to the host's loopback, not " + s);
            }
        }
        this.servers = List.copyOf(servers);
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
        return new DnsForwarder(loopback);
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
            try (DatagramSocket socket = new DatagramSocket(new InetSocketAddress(server.getAddress(), 0))) {
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
