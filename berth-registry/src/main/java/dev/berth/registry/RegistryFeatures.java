package dev.berth.registry;

import dev.berth.registry.auth.AuthConfig;
import dev.berth.registry.auth.AuthGuard;
import dev.berth.registry.auth.TokenEndpoint;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.http.RegistryHooks;
import dev.berth.registry.observe.AccessLog;
import dev.berth.registry.observe.AccessLogConfig;
import dev.berth.registry.observe.ExchangeMetrics;
import dev.berth.registry.observe.OpsEndpoints;
import dev.berth.registry.observe.RegistryMetrics;
import dev.berth.registry.tls.TlsConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The operational features of a registry, made from the config's {@code auth}, {@code tls} and {@code log} sections:
 * the access guard, the token endpoint, {@code /healthz} and {@code /metrics}, the access log and metrics observer,
 * and TLS, as the server's {@link RegistryHooks}. Lifecycle: {@link #from} loads keys and files (bad ones fail
 * here, before the port is bound); {@link #close}, after the server stopped, flushes the access log.
 */
public final class RegistryFeatures implements AutoCloseable {
    private final RegistryHooks hooks;
    private final RegistryMetrics metrics;
    private final AuthConfig.Auth auth;
    private final Optional<AccessLog> accessLog;

    private RegistryFeatures(RegistryHooks hooks, RegistryMetrics metrics, AuthConfig.Auth auth,
            Optional<AccessLog> accessLog) {
        this.hooks = hooks;
        this.metrics = metrics;
        this.auth = auth;
        this.accessLog = accessLog;
    }

    public static RegistryFeatures from(RegistryConfig config, Clock clock) {
        return of(config.root(), config.section("auth", AuthConfig.class).orElseGet(AuthConfig::none),
                config.section("tls", TlsConfig.class),
                config.section("log", AccessLogConfig.class).orElseGet(AccessLogConfig::defaults), clock);
    }

    /** The features from sections given as values, for embedding and tests. */
    public static RegistryFeatures of(Path root, AuthConfig authConfig, Optional<TlsConfig> tls, AccessLogConfig log,
            Clock clock) {
        AuthConfig.Auth auth = authConfig.start(clock);
        RegistryMetrics metrics = new RegistryMetrics();
        RegistryHooks hooks = RegistryHooks.none()
                .withGuard(new AuthGuard(auth.authorizer()))
                .withPageGuard(new AuthGuard(auth.pageAuthorizer()))
                .withEndpoint(OpsEndpoints.health(root))
                .withEndpoint(OpsEndpoints.metrics(metrics));
        if (auth.tokens().isPresent()) {
            hooks = hooks.withEndpoint(new TokenEndpoint(auth.tokens().get()));
        }
        if (tls.isPresent()) {
            hooks = hooks.withTls(tls.get().serverContext());
        }
        Optional<AccessLog> accessLog = log.start(metrics);
        hooks = hooks.withObserver(new ExchangeMetrics(metrics, accessLog));
        return new RegistryFeatures(hooks, metrics, auth, accessLog);
    }

    public RegistryHooks hooks() {
        return hooks;
    }

    /** The counters {@code /metrics} shows; garbage collection reports its runs here. */
    public RegistryMetrics metrics() {
        return metrics;
    }

    public AuthConfig.Auth auth() {
        return auth;
    }

    @Override
    public void close() {
        accessLog.ifPresent(AccessLog::close);
    }
}
