package dev.berth.registry.observe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.testing.Http;
import dev.berth.registry.testing.TestRegistry;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code /healthz}, {@code /metrics} and the access log of a running registry. */
class OpsEndpointsServerTest {
    private final Http http = new Http();

    @TempDir
    Path dir;

    @Test
    void healthz_isOkWhileTheRootIsWritable_and503WhenItIsGone() throws Exception {
        try (TestRegistry r = TestRegistry.builder(dir).start()) {
            HttpResponse<String> ok = http.send("GET", r.url("/healthz"));
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.body()).isEqualTo("{\"status\":\"ok\"}");
            assertThat(http.send("POST", r.url("/healthz")).statusCode()).isEqualTo(405);
            Path root = r.registry().config().root();
            Path moved = dir.resolve("moved");
            Files.move(root, moved);
            assertThat(http.send("GET", r.url("/healthz")).statusCode()).isEqualTo(503);
            Files.move(moved, root);
            assertThat(http.send("GET", r.url("/healthz")).statusCode()).isEqualTo(200);
        }
    }

    @Test
    void metrics_countRequestsBytesAndUploadsInFlight() throws Exception {
        try (TestRegistry r = TestRegistry.builder(dir).start()) {
            byte[] blob = "metrics".getBytes(StandardCharsets.UTF_8);
            Digest digest = Digest.sha256(blob);
            http.send("POST", r.url("/v2/m/app/blobs/uploads/?digest=" + digest), blob);
            http.send("GET", r.url("/v2/m/app/blobs/" + digest));
            http.send("GET", r.url("/v2/m/app/manifests/nope"));
            awaitMetric(r, "berth_registry_http_requests_total{route=\"manifest\",method=\"GET\",status=\"404\"} 1");
            HttpResponse<String> metrics = http.send("GET", r.url("/metrics"));
            assertThat(metrics.headers().firstValue("Content-Type")).contains(PrometheusText.CONTENT_TYPE);
            assertThat(metrics.body()).contains(
                    "berth_registry_http_requests_total{route=\"upload\",method=\"POST\",status=\"201\"} 1",
                    "berth_registry_http_requests_total{route=\"blob\",method=\"GET\",status=\"200\"} 1",
                    "berth_registry_http_requests_total{route=\"manifest\",method=\"GET\",status=\"404\"} 1",
                    "berth_registry_uploads_in_flight 0");
            assertThat(r.metrics().bytesIn()).isGreaterThanOrEqualTo(blob.length);
            assertThat(r.metrics().bytesOut()).isGreaterThanOrEqualTo(blob.length);

            // An upload whose body is still arriving is in flight until its last byte.
            byte[] big = new byte[64 * 1024];
            Arrays.fill(big, (byte) 'x');
            try (Socket s = new Socket("127.0.0.1", r.port())) {
                OutputStream out = s.getOutputStream();
                out.write(("POST /v2/m/app/blobs/uploads/?digest=" + Digest.sha256(big) + " HTTP/1.1\r\nHost: "
                        + r.host() + "\r\nContent-Length: " + big.length + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.write(big, 0, 1000);
                out.flush();
                awaitMetric(r, "berth_registry_uploads_in_flight 1");
                out.write(big, 1000, big.length - 1000);
                out.flush();
                String status = new String(s.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(status).isEqualTo("HTTP/1.1 201");
            }
            awaitMetric(r, "berth_registry_uploads_in_flight 0");
        }
    }

    @Test
    void accessLog_hasOneJsonLinePerRequest() throws Exception {
        TestRegistry r = TestRegistry.builder(dir).start();
        try {
            http.send("GET", r.url("/v2/"), "User-Agent", "ops-test/1");
            http.send("GET", r.url("/v2/a/tags/list"));
        } finally {
            r.close(); // flushes the access log
        }
        {
            var lines = Files.readAllLines(dir.resolve("access.log"));
            assertThat(lines).hasSize(2);
            var first = dev.berth.oci.spec.Json.MAPPER.readTree(lines.get(0));
            assertThat(first.get("method").asText()).isEqualTo("GET");
            assertThat(first.get("path").asText()).isEqualTo("/v2/");
            assertThat(first.get("status").asInt()).isEqualTo(200);
            assertThat(first.get("bytes_out").asLong()).isEqualTo(2);
            assertThat(first.get("remote").asText()).startsWith("127.0.0.1:");
            assertThat(first.get("user").isNull()).isTrue();
            assertThat(first.get("route").asText()).isEqualTo("base");
            assertThat(first.get("user_agent").asText()).isEqualTo("ops-test/1");
            assertThat(first.get("duration_ms").asDouble()).isPositive();
            assertThat(dev.berth.oci.spec.Json.MAPPER.readTree(lines.get(1)).get("status").asInt()).isEqualTo(404);
        }
    }

    private void awaitMetric(TestRegistry r, String line) throws Exception {
        for (int i = 0; i < 500; i++) {
            if (http.send("GET", r.url("/metrics")).body().contains(line + "\n")) {
                return;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("metrics never showed " + line);
    }
}
