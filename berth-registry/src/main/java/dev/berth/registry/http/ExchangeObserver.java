package dev.berth.registry.http;

/**
 * Told of every request once its response has been written (or the connection failed): for the access log and
 * metrics. Called on the connection's event loop, so it must not block.
 */
@FunctionalInterface
public interface ExchangeObserver {
    void completed(Exchange exchange);

    /** Told when a request starts being served (before routing), e.g. to count requests in flight. */
    default void started(Exchange exchange) {}
}
