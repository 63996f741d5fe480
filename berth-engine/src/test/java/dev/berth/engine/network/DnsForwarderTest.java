package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forwarding of names that are no container's: only to the host's loopback resolvers, answers relayed as sent. */
class DnsForwarderTest {
    @TempDir
    Path dir;

    @Test
    void ofResolvConf_keepsOnlyLoopbackNameservers() throws Exception {
        Path conf = dir.resolve("resolv.conf");
        Files.writeString(conf, """
                # comment
                nameserver 10.255.255.53
                nameserver 127.0.0.53
                search corp.example
                nameserver ::1
                nameserver localhost
                nameserver 8.8.8.8
                """);
        assertThat(DnsForwarder.ofResolvConf(conf).servers()).containsExactly(
                new InetSocketAddress("127.0.0.53", 53), new InetSocketAddress(InetAddress.getByName("::1"), 53));
        assertThat(DnsForwarder.ofResolvConf(dir.resolve("missing")).servers()).isEmpty();
    }

    @Test
    void aServerOffTheMachine_isRefused() {
        assertThatThrownBy(() -> DnsForwarder.host(List.of(new InetSocketAddress("192.0.2.53", 53))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("192.0.2.53");
    }

    @Test
    void forward_relaysTheAnswerWithTheQuerysId_skippingStrayDatagrams() throws Exception {
        byte[] query = DnsMessageTest.query(0x4242, "example.org", DnsMessage.TYPE_A);
        try (DatagramSocket server = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Thread.ofVirtual().start(() -> {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[512], 512);
                    server.receive(p);
                    byte[] got = Arrays.copyOf(p.getData(), p.getLength());
                    byte[] stray = got.clone();
                    stray[1] ^= 1;
                    server.send(new DatagramPacket(stray, stray.length, p.getSocketAddress()));
                    byte[] answer = Arrays.copyOf(got, got.length + 1);
                    answer[2] |= (byte) 0x80;
                    server.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            DnsForwarder forwarder = DnsForwarder.host(List.of((InetSocketAddress) server.getLocalSocketAddress()));
            byte[] answer = forwarder.forward(query).orElseThrow();
            assertThat(answer).hasSize(query.length + 1).startsWith(0x42, 0x42);
            assertThat(answer[2] & 0x80).as("the server's response bit").isNotZero();
        }
    }

    /**
     * A forwarder inside a namespace asks the server there, not the one at the same address and port on the host's
     * loopback.
     */
    @Test
    void inside_asksTheServerInTheNamespace() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "netns: root");
        Path ns = dir.resolve("ns");
        NetNamespace.create(ns);
        try (DatagramSocket onHost = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            int port = onHost.getLocalPort();
            try (DatagramSocket inNs = NetNamespace.inside(ns,
                    () -> new DatagramSocket(new InetSocketAddress("127.0.0.1", port)))) {
                answerOnce(onHost, (byte) 1);
                answerOnce(inNs, (byte) 2);
                byte[] query = DnsMessageTest.query(9, "example.org", DnsMessage.TYPE_A);
                byte[] answer = DnsForwarder.inside(ns, List.of(new InetSocketAddress("127.0.0.1", port)))
                        .forward(query).orElseThrow();
                assertThat(answer[answer.length - 1]).as("the namespace's server").isEqualTo((byte) 2);
            }
        } finally {
            NetNamespace.remove(ns);
        }
    }

    /** Answers one query with the query plus {@code mark}. */
    private static void answerOnce(DatagramSocket server, byte mark) {
        Thread.ofVirtual().start(() -> {
            try {
                DatagramPacket p = new DatagramPacket(new byte[512], 512);
                server.receive(p);
                byte[] answer = Arrays.copyOf(p.getData(), p.getLength() + 1);
                answer[answer.length - 1] = mark;
                server.send(new DatagramPacket(answer, answer.length, p.getSocketAddress()));
            } catch (java.io.IOException closed) {
                // the test is over: the socket was closed without a query
            }
        });
    }

    @Test
    void forward_withoutServers_orWhenNoneAnswers_isEmpty() throws Exception {
        byte[] query = DnsMessageTest.query(7, "example.org", DnsMessage.TYPE_A);
        assertThat(DnsForwarder.NONE.forward(query)).isEmpty();
        try (DatagramSocket silent = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            DnsForwarder forwarder = DnsForwarder.host(List.of((InetSocketAddress) silent.getLocalSocketAddress()));
            assertThat(forwarder.forward(query)).isEmpty();
        }
    }
}
