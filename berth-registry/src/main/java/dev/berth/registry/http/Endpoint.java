package dev.berth.registry.http;

/**
 * A non-{@code /v2/} endpoint served beside the API ({@code /healthz}, {@code /metrics}, a token endpoint, the web
 * page). Endpoints are asked in order before the API routes; the first that {@link #handles} the request answers it
 * on the request's worker thread, and its own errors are written like the API's.
 */
public interface Endpoint {
    boolean handles(Exchange exchange);

    void handle(Exchange exchange) throws Exception;
}
