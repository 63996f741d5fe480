package dev.berth.registry;

import static dev.berth.registry.TestRegistry.header;
import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile or broken clients: the spec's error or a closed connection, never a partial blob, and the server keeps
 * serving with bounded memory.
 */
class BadInputTest {
    private static final long GIB = 1L << 30;

    @TempDir
    Path root;
    TestRegistry reg;

    @BeforeEach
    void start() {
        reg = new TestRegistry(root, true);
    }

    @AfterEach
    void stop() {
        reg.close();
    }

    private Socket connect() throws IOException {
        Socket s = new Socket("127.0.0.1", reg.registry.port());
        s.setSoTimeout(60_000);
        return s;
    }

    private static String head(String method, String path, long contentLength) {
        return method + " " + path + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + contentLength + "\r\n\r\n";
    }

    private static String readResponseHead(InputStream in) throws IOException {
        StringBuilder sb = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            sb.append((char) c);
            if (sb.toString().endsWith("\r\n\r\n")) {
                break;
            }
        }
        return sb.toString();
    }

    private void assertStillServing() {
        assertThat(reg.get("/v2/").statusCode()).isEqualTo(200);
    }

    private void assertNoBlobs() {
        assertThat(reg.registry.storage().content().list()).isEmpty();
    }

    @Test
    void hugeUpload_cutOffMidway_leavesNoBlob_memoryBounded() throws Exception {
        long announced = 2 * GIB;
        long sent = 2 * GIB - (64L << 20);
        Digest claimed = Digest.sha256("whatever");
        long heapBefore = usedHeapAfterGc();
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(head("POST", "/v2/big/blobs/uploads/?digest=" + claimed, announced)
                    .getBytes(StandardCharsets.US_ASCII));
            byte[] chunk = new byte[1 << 20];
            for (long n = 0; n < sent; n += chunk.length) {
                chunk[(int) (n % 1000)]++;
                out.write(chunk);
            }
            out.flush();
            assertThat(usedHeapAfterGc() - heapBefore).as("heap growth while streaming 2 GiB")
                    .isLessThan(256L << 20);
        }
        awaitNoIngests();
        assertNoBlobs();
        assertStillServing();
    }

    @Test
    void patch_cutOffMidway_keepsTheUploadResumable_andNoBlob() throws Exception {
        String location = header(reg.send("POST", "/v2/r/blobs/uploads/", null), "Location").orElseThrow();
        byte[] part = new byte[3 << 20];
        try (Socket s = connect()) {
            OutputStream out = s.getOutputStream();
            out.write(head("PATCH", location, 10L << 20).getBytes(StandardCharsets.US_ASCII));
            out.write(part);
            out.flush();
        }
        long deadline = System.nanoTime() + 10_000_000_000L;
        String range;
        do {
            Thread.sleep(50);
            range = header(reg.get(location), "Range").orElse("");
        } while (!range.equals("0-" + (part.length - 1)) && System.nanoTime() < deadline);
        assertThat(range).isEqualTo("0-" + (part.length - 1));
        assertNoBlobs();
        byte[] rest = new byte[1000];
        byte[] whole = new byte[part.length + rest.length];
        assertThat(reg.send("PUT", location + "?digest=" + Digest.sha256(whole), rest).statusCode()).isEqualTo(201);
        assertThat(reg.get("/v2/r/blobs/" + Digest.sha256(whole)).body()).isEqualTo(whole);
    }

    @Test
    void contentLengthLargerThanBody_thenClose_leavesNoBlob() throws Exception {
        byte[] body = "short body".getBytes(StandardCharsets.UTF_8);
        try (Socket s = connect()) {
            s.getOutputStream().write(head("POST", "/v2/r/blobs/uploads/?digest=" + Digest.sha256(body), 1000)
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            s.getOutputStream().flush();
            s.shutdownOutput();
            readResponseHead(s.getInputStream());
        }
        awaitNoIngests();
        assertNoBlobs();
        assertStillServing();
    }

    @Test
    void contentLengthSmallerThanBody_storesOnlyTheDeclaredBytes_andRejectsTheRest() throws Exception {
        byte[] body = "0123456789abcdef".getBytes(StandardCharsets.UTF_8);
        Digest firstTen = Digest.sha256(java.util.Arrays.copyOf(body, 10));
        try (Socket s = connect()) {
            s.getOutputStream().write(head("POST", "/v2/r/blobs/uploads/?digest=" + firstTen, 10)
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().write(body);
            s.getOutputStream().write("\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            assertThat(readResponseHead(in)).startsWith("HTTP/1.1 201");
            assertThat(readResponseHead(in)).as("the excess is not a request").startsWith("HTTP/1.1 400");
        }
        assertThat(reg.registry.storage().content().list()).extracting(BlobInfo::digest).containsExactly(firstTen);
        assertStillServing();
    }

    @Test
    void pipelinedRequests_areAnsweredInOrder_whetherFromMemoryOrNot() throws Exception {
        byte[] config = "{}".getBytes(StandardCharsets.UTF_8);
        Digest c = reg.pushBlob("pipe", config);
        String manifest = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
                + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"" + c
                + "\",\"size\":2},\"layers\":[]}";
        reg.pushManifest("pipe", "v1", "application/vnd.oci.image.manifest.v1+json",
                manifest.getBytes(StandardCharsets.UTF_8));
        StringBuilder requests = new StringBuilder();
        for (int i = 0; i < 20; i++) {
            requests.append("GET /v2/pipe/tags/list HTTP/1.1\r\nHost: x\r\n\r\n")
                    .append("GET /v2/pipe/manifests/v1 HTTP/1.1\r\nHost: x\r\n\r\n");
        }
        try (Socket s = connect()) {
            s.getOutputStream().write(requests.toString().getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            InputStream in = s.getInputStream();
            for (int i = 0; i < 40; i++) {
                String head = readResponseHead(in);
                assertThat(head).startsWith("HTTP/1.1 200");
                int length = Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1"));
                String body = new String(in.readNBytes(length), StandardCharsets.UTF_8);
                assertThat(body).as("response " + i).startsWith(i % 2 == 0 ? "{\"name\":\"pipe\"" : "{\"schemaVersion\"");
            }
        }
    }

    @Test
    void garbageRequestLine_is400_andServerKeepsServing() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write("\u0001\u0002 NOT HTTP AT ALL\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            assertThat(readResponseHead(s.getInputStream())).startsWith("HTTP/1.1 400");
        }
        assertStillServing();
    }

    @Test
    void malformedManifestJson_isManifestInvalid() {
        for (String json : new String[] {"{", "[]", "null", "{\"schemaVersion\":2}", "\u0000\u0001",
                "{\"schemaVersion\":2,\"config\":{\"digest\":\"sha256:abc\"}}"}) {
            var r = reg.send("PUT", "/v2/m/manifests/t", json.getBytes(StandardCharsets.UTF_8),
                    "Content-Type", "application/vnd.oci.image.manifest.v1+json");
            assertThat(r.statusCode()).as(json).isEqualTo(400);
            assertThat(TestRegistry.body(r)).as(json).contains("MANIFEST_INVALID");
        }
        assertStillServing();
    }

    @Test
    void thousandConcurrentConnections_allServed() throws Exception {
        int n = 1000;
        List<Socket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(connect());
            }
            byte[] request = "GET /v2/ HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            for (Socket s : sockets) {
                s.getOutputStream().write(request);
                s.getOutputStream().flush();
            }
            try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<String>> heads = new ArrayList<>();
                for (Socket s : sockets) {
                    heads.add(pool.submit(() -> readResponseHead(s.getInputStream())));
                }
                for (Future<String> h : heads) {
                    assertThat(h.get()).startsWith("HTTP/1.1 200");
                }
            }
        } finally {
            for (Socket s : sockets) {
                s.close();
            }
        }
        assertStillServing();
    }

    @Test
    void oversizedManifest_declaredByContentLength_isRefusedWithoutReadingIt() throws Exception {
        try (Socket s = connect()) {
            s.getOutputStream().write(("PUT /v2/m/manifests/t HTTP/1.1\r\nHost: x\r\nContent-Type: "
                    + "application/vnd.oci.image.manifest.v1+json\r\nContent-Length: " + GIB + "\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            s.getOutputStream().flush();
            String response = readResponseHead(s.getInputStream());
            assertThat(response).startsWith("HTTP/1.1 413");
        }
        assertStillServing();
    }

    private void awaitNoIngests() throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!reg.registry.storage().content().ingests().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(reg.registry.storage().content().ingests()).isEmpty();
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
