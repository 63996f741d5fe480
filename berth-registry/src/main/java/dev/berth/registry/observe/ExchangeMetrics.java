package dev.berth.registry.observe;

import dev.berth.registry.api.Route;
import dev.berth.registry.http.Exchange;
import dev.berth.registry.http.ExchangeObserver;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Feeds {@link RegistryMetrics} and the {@link AccessLog} from the server's exchanges. Labels stay a bounded set: the
 * route's kind, a fixed name for the endpoints beside the API, and the method if it is a standard one.
 */
public final class ExchangeMetrics implements ExchangeObserver {
    private static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS");

    private final RegistryMetrics metrics;
    private final Optional<AccessLog> log;

    public ExchangeMetrics(RegistryMetrics metrics, Optional<AccessLog> log) {
        this.metrics = Objects.requireNonNull(metrics, "metrics");
        this.log = Objects.requireNonNull(log, "log");
    }

    @Override
    public void started(Exchange exchange) {
        metrics.requestStarted();
        if (isUpload(exchange)) {
            metrics.uploadStarted();
        }
    }

    @Override
    public void completed(Exchange exchange) {
        metrics.requestEnded();
        if (isUpload(exchange)) {
            metrics.uploadEnded();
        }
        String route = routeLabel(exchange);
        String method = METHODS.contains(exchange.method()) ? exchange.method() : "OTHER";
        metrics.requestCompleted(route, method, exchange.status(), exchange.durationNanos());
        metrics.bytesReceived(exchange.bytesIn());
        metrics.bytesSent(exchange.bytesOut());
        log.ifPresent(l -> l.record(new AccessLogEntry(
                java.time.Instant.now().minusNanos(exchange.durationNanos()), exchange.method(), exchange.rawUri(),
                exchange.status(), exchange.bytesIn(), exchange.bytesOut(),
                java.time.Duration.ofNanos(exchange.durationNanos()), remote(exchange), exchange.principal(), route,
                exchange.header("User-Agent"))));
    }

    /** A request that streams blob bytes in: POST, PATCH or PUT under {@code /blobs/uploads/}. */
    static boolean isUpload(Exchange exchange) {
        String m = exchange.method();
        return (m.equals("POST") || m.equals("PATCH") || m.equals("PUT"))
                && exchange.path().startsWith("/v2/") && exchange.path().contains("/blobs/uploads");
    }

    static String routeLabel(Exchange exchange) {
        return exchange.route().map(Route::kind).orElseGet(() -> switch (exchange.path()) {
            case "/auth/token" -> "token";
            case "/healthz" -> "healthz";
            case "/metrics" -> "metrics";
            default -> exchange.path().startsWith("/v2/") || exchange.path().equals("/v2") ? "unknown" : "web";
        });
    }

    private static String remote(Exchange exchange) {
        if (exchange.remoteAddress() instanceof java.net.InetSocketAddress inet) {
            return inet.getAddress().getHostAddress() + ":" + inet.getPort();
        }
        return String.valueOf(exchange.remoteAddress());
    }
}
