package dev.berth.registry.http;

/** Answers a request on its worker thread; failures are thrown and become the spec's error JSON. */
@FunctionalInterface
public interface RequestHandler {
    void handle(Exchange exchange) throws Exception;
}
