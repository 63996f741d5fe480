package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.config.ListenAddress;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.http.RegistryHooks;
import dev.berth.registry.testing.HostAddresses;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

/**
 * Blob GETs byte for byte through both ways a blob goes out: writes from a mapping to a loopback peer, sendfile to a peer on
 * another address (one of this host's own, so nothing leaves the machine). Several chunks, an unaligned end, and a
 * range across a chunk boundary. Isolated: the loopback test checks that no thread of the process is left confined to
 * the reader's CPU, which another test's loopback GET could be at that moment.
 */
@Isolated
class BlobTransferTest {
    private static final byte[] BLOB = new byte[(3 << 20) + 12345];

    static {
        new Random(42).nextBytes(BLOB);
    }

    @TempDir
    Path root;

    @Test
    void blobGet_toALoopbackPeer_sendsTheExactBytes_andLeavesNoThreadOnTheReadersCpu() throws Exception {
        assertServesBlob("127.0.0.1", BlobTransferTest::assertNoThreadConfined);
    }

    /** The writing thread follows the reader's CPU until the response is released, just after its last byte. */
    private static void assertNoThreadConfined() throws Exception {
        String process = cpusAllowed(Path.of("/proc/self")).orElseThrow();
        List<String> confined = List.of("not looked at yet");
        for (int i = 0; i < 100 && !confined.isEmpty(); i++) {
            Thread.sleep(i == 0 ? 0 : 50);
            try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
                confined = tasks.filter(t -> cpusAllowed(t).filter(c -> !c.equals(process)).isPresent())
                        .map(Path::toString).toList();
            }
        }
        assertThat(confined).as("threads not allowed the process's CPUs " + process).isEmpty();
    }

    /** A task's {@code Cpus_allowed_list} line; empty for a thread that ended meanwhile. */
    private static Optional<String> cpusAllowed(Path task) {
        try (Stream<String> status = Files.lines(task.resolve("status"))) {
            return status.filter(l -> l.startsWith("Cpus_allowed_list:")).findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    @Test
    void blobGet_toAPeerOnAnotherAddress_sendsTheExactBytes() throws Exception {
        Optional<InetAddress> own = HostAddresses.ownNonLoopbackIpv4();
        assumeTrue(own.isPresent(), "this host has no non-loopback IPv4 address");
        assertServesBlob(own.get().getHostAddress(), () -> { });
    }

    interface Check {
        void run() throws Exception;
    }

    /** Pushes and gets the blob, then runs {@code whileUp} before the registry stops. */
    private void assertServesBlob(String host, Check whileUp) throws Exception {
        RegistryConfig config = RegistryConfig.defaults().withAddr(ListenAddress.parse(host + ":0")).withRoot(root);
        try (Registry registry = Registry.start(config, RegistryHooks.none())) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            String base = "http://" + host + ":" + registry.port();
            Digest d = Digest.sha256(BLOB);
            HttpResponse<byte[]> push = client.send(HttpRequest.newBuilder(
                    URI.create(base + "/v2/t/blob/blobs/uploads/?digest=" + d))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(BLOB)).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(push.statusCode()).isEqualTo(201);
            URI blob = URI.create(base + "/v2/t/blob/blobs/" + d);
            for (int round = 0; round < 2; round++) { // the second on the kept-alive connection
                HttpResponse<byte[]> whole = client.send(HttpRequest.newBuilder(blob).build(),
                        HttpResponse.BodyHandlers.ofByteArray());
                assertThat(whole.statusCode()).isEqualTo(200);
                assertThat(Digest.sha256(whole.body())).isEqualTo(d);
            }
            int from = (1 << 20) - 7;
            int to = (2 << 20) + 9;
            HttpResponse<byte[]> range = client.send(HttpRequest.newBuilder(blob)
                    .header("Range", "bytes=" + from + "-" + to).build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(range.statusCode()).isEqualTo(206);
            assertThat(range.body()).isEqualTo(Arrays.copyOfRange(BLOB, from, to + 1));
            whileUp.run();
        }
    }
}
