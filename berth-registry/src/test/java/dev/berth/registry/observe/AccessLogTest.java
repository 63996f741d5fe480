package dev.berth.registry.observe;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.spec.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AccessLogTest {
    @Test
    void close_writesEveryRecordedLineAsOneJsonObject() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RegistryMetrics metrics = new RegistryMetrics();
        AccessLog log = AccessLog.start(out, metrics);
        for (int i = 0; i < 100; i++) {
            log.record(new AccessLogEntry(Instant.parse("2026-11-29T02:00:00Z"), "GET", "/v2/a/manifests/" + i, 200,
                    0, 527, Duration.ofMillis(3), "127.0.0.1:4000", Optional.of("alice"), "manifest",
                    Optional.of("skopeo/1.13")));
        }
        log.close();
        String[] lines = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(lines).hasSize(100);
        JsonNode last = Json.MAPPER.readTree(lines[99]);
        assertThat(last.get("path").asText()).isEqualTo("/v2/a/manifests/99");
        assertThat(last.get("status").asInt()).isEqualTo(200);
        assertThat(last.get("bytes_out").asLong()).isEqualTo(527);
        assertThat(last.get("duration_ms").asDouble()).isEqualTo(3.0);
        assertThat(last.get("user").asText()).isEqualTo("alice");
        assertThat(last.get("remote").asText()).isEqualTo("127.0.0.1:4000");
        log.record(new AccessLogEntry(Instant.now(), "GET", "/", 200, 0, 0, Duration.ZERO, "-", Optional.empty(),
                "web", Optional.empty()));
        assertThat(metrics.accessLogDropped()).as("a line after close is dropped, not lost silently").isEqualTo(1);
    }
}
