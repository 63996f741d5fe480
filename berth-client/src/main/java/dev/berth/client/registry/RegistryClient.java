package dev.berth.client.registry;

import dev.berth.client.auth.BearerTokens;
import dev.berth.client.auth.Credentials;
import dev.berth.client.auth.Scope;
import dev.berth.oci.reference.Reference;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The registry client (OCI Distribution API v2, and Docker Hub's conventions on top): one shared HTTP/1.1 connection
 * pool, authentication and endpoint choice per {@link RegistryConfig}, and a {@link Repository} per image name for
 * the actual calls. Thread-safe; one instance serves a whole daemon.
 *
 * <p>HTTP/1.1 is used for every registry: plain-http registries must not be offered an h2c upgrade, and over TLS
 * parallel blob downloads get one TCP connection (and congestion window) each instead of sharing an HTTP/2 one.
 */
public final class RegistryClient implements AutoCloseable {
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final RegistryHosts hosts;
    private final RegistryHttp transport;

    public RegistryClient(RegistryConfig config, Clock clock) {
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(executor)
                .build();
        this.hosts = new RegistryHosts(config);
        this.transport = new RegistryHttp(http, config.credentials(), new BearerTokens(http, clock));
    }

    public RegistryClient(RegistryConfig config) {
        this(config, Clock.systemUTC());
    }

    public RegistryHosts hosts() {
        return hosts;
    }

    /** The repository of {@code name} for pulling: its mirrors first, then its registry. */
    public Repository forPull(Reference name) {
        return forPull(name, Optional.empty());
    }

    /**
     * As {@link #forPull(Reference)}, with the request's own credentials for the registry when given (docker's
     * {@code X-Registry-Auth}; mirrors keep theirs), sharing this client's connections and token cache.
     */
    public Repository forPull(Reference name, Optional<Credentials> login) {
        return new Repository(transport(name, login), name.repository(), hosts.pullEndpoints(name.domain()),
                List.of(Scope.pull(name.repository())));
    }

    /** The repository of {@code name} for pushing (and pulling): its registry only, never a mirror. */
    public Repository forPush(Reference name) {
        return forPush(name, Optional.empty());
    }

    /** As {@link #forPush(Reference)}, with the request's own credentials when given. */
    public Repository forPush(Reference name, Optional<Credentials> login) {
        return new Repository(transport(name, login), name.repository(), List.of(hosts.origin(name.domain())),
                List.of(Scope.pullPush(name.repository())));
    }

    /**
     * {@code docker login}'s check ({@code POST /auth}): whether registry {@code domain} accepts {@code login};
     * UNAUTHORIZED in docker's words when it does not. Nothing is kept but a token in the cache.
     */
    public void login(String domain, Credentials login) {
        transport.login(hosts.origin(domain), login);
    }

    /**
     * {@code docker search}: the repositories registry {@code domain} finds for {@code term} with docker's v1 search
     * API ({@code GET /v1/search?q=&n=}), at most {@code limit}.
     */
    public List<SearchResult> search(String domain, String term, int limit) {
        return new RegistrySearch(http).search(hosts.origin(domain), term, limit);
    }

    private RegistryHttp transport(Reference name, Optional<Credentials> login) {
        return login.map(c -> transport.withCredentials(hosts.origin(name.domain()).credentialHost(), c))
                .orElse(transport);
    }

    @Override
    public void close() {
        http.close();
        executor.close();
    }
}
