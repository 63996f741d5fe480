package dev.berth.registry.http;

import io.netty.handler.ssl.SslContext;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What features beside the API plug into the server: the access check that runs before routing, the one for the web
 * page (browsers cannot follow the bearer token flow, so in token mode the page asks for Basic credentials), extra
 * endpoints, observers of completed requests (logs, metrics), and TLS.
 */
public record RegistryHooks(AccessGuard guard, AccessGuard pageGuard, List<Endpoint> endpoints,
        List<ExchangeObserver> observers, Optional<SslContext> tls) {
    public RegistryHooks {
        Objects.requireNonNull(guard, "guard");
        Objects.requireNonNull(pageGuard, "pageGuard");
        endpoints = List.copyOf(endpoints);
        observers = List.copyOf(observers);
        Objects.requireNonNull(tls, "tls");
    }

    /** No auth, no extra endpoints, no observers, plain HTTP. */
    public static RegistryHooks none() {
        return new RegistryHooks(AccessGuard.OPEN, AccessGuard.OPEN, List.of(), List.of(), Optional.empty());
    }

    /** The guard of the API and, until {@link #withPageGuard} says otherwise, of the web page. */
    public RegistryHooks withGuard(AccessGuard g) {
        return new RegistryHooks(g, g, endpoints, observers, tls);
    }

    public RegistryHooks withPageGuard(AccessGuard g) {
        return new RegistryHooks(guard, g, endpoints, observers, tls);
    }

    public RegistryHooks withEndpoint(Endpoint e) {
        return new RegistryHooks(guard, pageGuard, concat(endpoints, e), observers, tls);
    }

    public RegistryHooks withObserver(ExchangeObserver o) {
        return new RegistryHooks(guard, pageGuard, endpoints, concat(observers, o), tls);
    }

    public RegistryHooks withTls(SslContext context) {
        return new RegistryHooks(guard, pageGuard, endpoints, observers, Optional.of(context));
    }

    private static <T> List<T> concat(List<T> list, T item) {
        return java.util.stream.Stream.concat(list.stream(), java.util.stream.Stream.of(item)).toList();
    }
}
