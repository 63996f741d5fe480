package dev.berth.registry.observe;

import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import dev.berth.registry.http.Endpoint;
import dev.berth.registry.http.Exchange;
import io.netty.handler.codec.http.DefaultHttpHeaders;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** The operator's endpoints beside the API: {@code GET /healthz} and Prometheus' {@code GET /metrics}. */
public final class OpsEndpoints {
    private OpsEndpoints() {}

    /**
     * {@code /healthz}: 200 {@code {"status":"ok"}} while the storage root is a writable directory, else 503 with the
     * reason, so a load balancer stops sending pushes to a registry whose disk went away.
     */
    public static Endpoint health(Path root) {
        return new Endpoint() {
            @Override
            public boolean handles(Exchange exchange) {
                return exchange.path().equals("/healthz");
            }

            @Override
            public void handle(Exchange exchange) {
                requireGet(exchange);
                boolean ok = Files.isDirectory(root) && Files.isWritable(root);
                String body = ok ? "{\"status\":\"ok\"}"
                        : "{\"status\":\"unavailable\",\"reason\":\"storage root is not a writable directory\"}";
                exchange.send(ok ? HttpResponseStatus.OK : HttpResponseStatus.SERVICE_UNAVAILABLE,
                        new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, "application/json")
                                .set(HttpHeaderNames.CACHE_CONTROL, "no-store"),
                        body.getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    /** {@code /metrics}: {@link RegistryMetrics} in the Prometheus text format. */
    public static Endpoint metrics(RegistryMetrics metrics) {
        return new Endpoint() {
            @Override
            public boolean handles(Exchange exchange) {
                return exchange.path().equals("/metrics");
            }

            @Override
            public void handle(Exchange exchange) {
                requireGet(exchange);
                exchange.send(HttpResponseStatus.OK,
                        new DefaultHttpHeaders().set(HttpHeaderNames.CONTENT_TYPE, PrometheusText.CONTENT_TYPE),
                        PrometheusText.render(metrics).getBytes(StandardCharsets.UTF_8));
            }
        };
    }

    private static void requireGet(Exchange exchange) {
        if (!exchange.method().equals("GET") && !exchange.method().equals("HEAD")) {
            throw new RegistryException(ErrorCode.UNSUPPORTED, exchange.method() + " " + exchange.path()
                    + ": only GET");
        }
    }
}
