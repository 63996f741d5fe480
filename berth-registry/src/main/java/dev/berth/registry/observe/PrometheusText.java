package dev.berth.registry.observe;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** {@link RegistryMetrics} in the Prometheus text exposition format 0.0.4, served at {@code GET /metrics}. */
public final class PrometheusText {
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private PrometheusText() {}

    public static String render(RegistryMetrics m) {
        StringBuilder out = new StringBuilder(4096);
        header(out, "berth_registry_http_requests_total", "counter", "HTTP requests by route, method and status.");
        List<Map.Entry<RegistryMetrics.RequestKey, LongAdder>> requests = m.requestCounts().entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<RegistryMetrics.RequestKey, LongAdder> e) -> e.getKey().route())
                        .thenComparing(e -> e.getKey().method()).thenComparingInt(e -> e.getKey().status()))
                .toList();
        for (var e : requests) {
            RegistryMetrics.RequestKey k = e.getKey();
            out.append("berth_registry_http_requests_total{route=\"").append(k.route())
                    .append("\",method=\"").append(k.method()).append("\",status=\"").append(k.status())
                    .append("\"} ").append(e.getValue().sum()).append('\n');
        }
        header(out, "berth_registry_http_request_duration_seconds", "histogram", "Request durations by route.");
        m.durations().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> histogram(out, e.getKey(), e.getValue()));
        single(out, "berth_registry_http_request_bytes_total", "counter", "Request body bytes received.", m.bytesIn());
        single(out, "berth_registry_http_response_bytes_total", "counter", "Response body bytes sent.", m.bytesOut());
        single(out, "berth_registry_http_requests_in_flight", "gauge", "Requests being served.", m.requestsInFlight());
        single(out, "berth_registry_uploads_in_flight", "gauge", "Blob upload requests streaming bytes in.",
                m.uploadsInFlight());
        single(out, "berth_registry_gc_runs_total", "counter", "Garbage-collection runs finished.", m.gcRuns());
        single(out, "berth_registry_gc_failures_total", "counter", "Garbage-collection runs that failed.",
                m.gcFailures());
        single(out, "berth_registry_access_log_dropped_total", "counter",
                "Access log lines dropped because the writer fell behind.", m.accessLogDropped());
        return out.toString();
    }

    private static void histogram(StringBuilder out, String route, RegistryMetrics.Histogram h) {
        String name = "berth_registry_http_request_duration_seconds";
        for (int i = 0; i < RegistryMetrics.DURATION_BUCKETS.length; i++) {
            out.append(name).append("_bucket{route=\"").append(route).append("\",le=\"")
                    .append(RegistryMetrics.DURATION_BUCKETS[i]).append("\"} ").append(h.buckets[i].sum()).append('\n');
        }
        long count = h.count.sum();
        out.append(name).append("_bucket{route=\"").append(route).append("\",le=\"+Inf\"} ").append(count)
                .append('\n');
        out.append(name).append("_sum{route=\"").append(route).append("\"} ").append(h.sum.sum()).append('\n');
        out.append(name).append("_count{route=\"").append(route).append("\"} ").append(count).append('\n');
    }

    private static void single(StringBuilder out, String name, String type, String help, long value) {
        header(out, name, type, help);
        out.append(name).append(' ').append(value).append('\n');
    }

    private static void header(StringBuilder out, String name, String type, String help) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }
}
