package dev.berth.registry.observe;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrometheusTextTest {
    @Test
    void render_writesCountersGaugesAndHistogramsInTheTextFormat() {
        RegistryMetrics m = new RegistryMetrics();
        m.requestCompleted("manifest", "GET", 200, 2_000_000);
        m.requestCompleted("manifest", "GET", 200, 40_000_000);
        m.requestCompleted("blob", "HEAD", 404, 1_000);
        m.bytesReceived(10);
        m.bytesSent(527);
        m.uploadStarted();
        m.gcRunCompleted(true);
        m.gcRunCompleted(false);
        String text = PrometheusText.render(m);
        assertThat(text).contains(
                "# TYPE berth_registry_http_requests_total counter\n",
                "berth_registry_http_requests_total{route=\"blob\",method=\"HEAD\",status=\"404\"} 1\n",
                "berth_registry_http_requests_total{route=\"manifest\",method=\"GET\",status=\"200\"} 2\n",
                "berth_registry_http_request_duration_seconds_bucket{route=\"manifest\",le=\"0.005\"} 1\n",
                "berth_registry_http_request_duration_seconds_bucket{route=\"manifest\",le=\"0.05\"} 2\n",
                "berth_registry_http_request_duration_seconds_bucket{route=\"manifest\",le=\"+Inf\"} 2\n",
                "berth_registry_http_request_duration_seconds_count{route=\"manifest\"} 2\n",
                "berth_registry_http_request_bytes_total 10\n",
                "berth_registry_http_response_bytes_total 527\n",
                "berth_registry_uploads_in_flight 1\n",
                "berth_registry_gc_runs_total 2\n",
                "berth_registry_gc_failures_total 1\n");
        for (String line : text.split("\n")) {
            assertThat(line).matches("# (HELP|TYPE) .*|[a-z_]+(\\{[^}]*\\})? [0-9.E+-]+");
        }
    }
}
