package dev.berth.registry.http;

/** Answers a request on its worker thread; failures are thrown and become the spec's error JSON. */
@FunctionalInterface
public interface RequestHandler {
    void handle(Exchange exchange) throws Exception;

    /**
     * Answers the request at once if that needs no blocking at all (e.g. a manifest GET served from memory), on the
     * connection's event loop, and says whether it did; false sends the request to the worker thread as usual.
     */
    default boolean answerWithoutBlocking(Exchange exchange) {
        return false;
    }
}
