package dev.berth.registry.http;

import dev.berth.registry.api.ErrorCode;
import dev.berth.registry.api.RegistryException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Sends each request to the first extra {@link Endpoint} that handles it, else to the API, and turns every failure
 * into the spec's error response. Counts requests in flight, for a graceful shutdown.
 */
final class Dispatcher {
    private static final System.Logger LOG = System.getLogger(Dispatcher.class.getName());

    private final List<Endpoint> endpoints;
    private final RequestHandler api;
    private final List<ExchangeObserver> observers;
    private final AtomicInteger inFlight = new AtomicInteger();

    Dispatcher(List<Endpoint> endpoints, RequestHandler api, List<ExchangeObserver> observers) {
        this.endpoints = List.copyOf(endpoints);
        this.api = api;
        this.observers = List.copyOf(observers);
    }

    List<ExchangeObserver> observers() {
        return observers;
    }

    int inFlight() {
        return inFlight.get();
    }

    void dispatch(Exchange exchange) {
        inFlight.incrementAndGet();
        observers.forEach(o -> o.started(exchange));
        try {
            handler(exchange).handle(exchange);
            if (!exchange.isSent()) {
                throw new IllegalStateException("no response for " + exchange.method() + " " + exchange.path());
            }
        } catch (IOException connectionLost) {
            LOG.log(Level.INFO, () -> exchange.method() + " " + exchange.path() + ": " + connectionLost.getMessage());
            exchange.abandon();
        } catch (Exception | Error e) {
            fail(exchange, e);
        } finally {
            inFlight.decrementAndGet();
        }
    }

    private RequestHandler handler(Exchange exchange) {
        for (Endpoint e : endpoints) {
            if (e.handles(exchange)) {
                return e::handle;
            }
        }
        return api;
    }

    private static void fail(Exchange exchange, Throwable e) {
        RegistryException error = ErrorResponses.toRegistry(e);
        if (error.code() == ErrorCode.UNKNOWN || error.code() == ErrorCode.UNAVAILABLE) {
            LOG.log(Level.ERROR, exchange.method() + " " + exchange.path() + ": " + e, e);
        }
        if (exchange.isSent()) {
            exchange.abandon();
        } else {
            ErrorResponses.send(exchange, error);
        }
    }

    /** Waits until no request is in flight, at most {@code timeoutMillis}; whether it got there. */
    boolean awaitIdle(long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        while (inFlight.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }
}
