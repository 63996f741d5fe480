package dev.berth.engine.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The userland proxy against echo servers on loopback (standing in for a container's address). */
class PortProxyTest {
    private static final int LOOPBACK = Ipv4.parse("127.0.0.1");
    private final PortProxy proxy = new PortProxy();

    @AfterEach
    void close() {
        proxy.close();
    }

    @Test
    void tcp_relaysBothWays_andPassesTheClientsHalfClose() throws Exception {
        try (ServerSocket upstream = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = upstream.accept()) {
                    byte[] all = s.getInputStream().readAllBytes();
                    s.getOutputStream().write(("got " + all.length).getBytes(StandardCharsets.UTF_8));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            PortMapping bound = proxy.open("c1", PortMapping.of(upstream.getLocalPort(), "tcp", "127.0.0.1", 0),
                    LOOPBACK);
            assertThat(bound.hostPort()).isPositive();
            try (Socket client = new Socket("127.0.0.1", bound.hostPort())) {
                OutputStream out = client.getOutputStream();
                out.write(new byte[300_000]);
                client.shutdownOutput();
                InputStream in = client.getInputStream();
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("got 300000");
            }
            proxy.close("c1");
            assertThat(proxy.listeners()).isZero();
            assertThatThrownBy(() -> new Socket("127.0.0.1", bound.hostPort()).close())
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void udp_relaysDatagrams_andReplies() throws Exception {
        try (DatagramSocket upstream = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            Thread.ofVirtual().start(() -> {
                try {
                    DatagramPacket p = new DatagramPacket(new byte[100], 100);
                    upstream.receive(p);
                    byte[] reply = ("echo " + new String(p.getData(), 0, p.getLength(), StandardCharsets.UTF_8))
                            .getBytes(StandardCharsets.UTF_8);
                    upstream.send(new DatagramPacket(reply, reply.length, p.getSocketAddress()));
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            PortMapping bound = proxy.open("c2", PortMapping.of(upstream.getLocalPort(), "udp", "127.0.0.1", 0),
                    LOOPBACK);
            try (DatagramSocket client = new DatagramSocket()) {
                client.setSoTimeout(5000);
                byte[] ping = "ping".getBytes(StandardCharsets.UTF_8);
                client.send(new DatagramPacket(ping, ping.length, new InetSocketAddress("127.0.0.1",
                        bound.hostPort())));
                DatagramPacket reply = new DatagramPacket(new byte[100], 100);
                client.receive(reply);
                assertThat(new String(reply.getData(), 0, reply.getLength(), StandardCharsets.UTF_8))
                        .isEqualTo("echo ping");
            }
        }
    }

    @Test
    void aBusyPort_isDockersConflict() throws IOException {
        try (ServerSocket taken = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
            assertThatThrownBy(() -> proxy.open("c3", PortMapping.of(80, "tcp", "127.0.0.1",
                    taken.getLocalPort()), LOOPBACK))
                    .isInstanceOf(BerthException.class)
                    .hasMessage("failed to bind host port for 127.0.0.1:" + taken.getLocalPort()
                            + ":127.0.0.1:80/tcp: address already in use");
            assertThat(proxy.listeners()).isZero();
        }
    }
}
