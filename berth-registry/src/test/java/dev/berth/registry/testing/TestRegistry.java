package dev.berth.registry.testing;

import dev.berth.registry.Registry;
import dev.berth.registry.RegistryFeatures;
import dev.berth.registry.auth.AccessRule;
import dev.berth.registry.auth.AuthConfig;
import dev.berth.registry.auth.HtpasswdFiles;
import dev.berth.registry.config.ListenAddress;
import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.observe.AccessLogConfig;
import dev.berth.registry.observe.RegistryMetrics;
import dev.berth.registry.tls.TlsConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A berth-registry on a free loopback port with the auth, TLS and access log a test asks for; for this module's tests
 * and, through the test-jar, for other modules' (the client's Docker Hub auth flow runs against {@link #tokenAuth}).
 *
 * <pre>
 * try (TestRegistry r = TestRegistry.builder(tmp).tokenAuth().user("alice", "s3cret").start()) {
 *     r.host();        // "127.0.0.1:41234", for image references
 *     r.url("/v2/");   // "http://127.0.0.1:41234/v2/"
 * }
 * </pre>
 */
public final class TestRegistry implements AutoCloseable {
    private final Registry registry;
    private final RegistryFeatures features;
    private final boolean tls;
    private final Path dir;
    private boolean closed;

    private TestRegistry(Registry registry, RegistryFeatures features, boolean tls, Path dir) {
        this.registry = registry;
        this.features = features;
        this.tls = tls;
        this.dir = dir;
    }

    public static Builder builder(Path dir) {
        return new Builder(dir);
    }

    /** {@code 127.0.0.1:PORT}. */
    public String host() {
        return "127.0.0.1:" + registry.port();
    }

    public String url(String path) {
        return (tls ? "https://" : "http://") + host() + path;
    }

    public int port() {
        return registry.port();
    }

    public Registry registry() {
        return registry;
    }

    public RegistryMetrics metrics() {
        return features.metrics();
    }

    public RegistryFeatures features() {
        return features;
    }

    /** The directory holding the storage root, htpasswd, keys and access log. */
    public Path dir() {
        return dir;
    }

    /** Stops serving and flushes the access log; a second call does nothing. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            registry.close();
        } finally {
            features.close();
        }
    }

    /** What the registry is started with; by default no auth, plain HTTP, access log to {@code access.log}. */
    public static final class Builder {
        private final Path dir;
        private final List<String> users = new ArrayList<>();
        private final List<AccessRule> rules = new ArrayList<>();
        private Optional<AuthConfig.TokenConfig> token = Optional.empty();
        private boolean basic;
        private Optional<TlsConfig> tls = Optional.empty();
        private Clock clock = Clock.systemUTC();

        private Builder(Path dir) {
            this.dir = dir;
        }

        /** htpasswd Basic auth with the users added by {@link #user}. */
        public Builder basicAuth() {
            this.basic = true;
            return this;
        }

        /** Bearer token auth with the built-in {@code /auth/token}, service and issuer {@code berth-registry}. */
        public Builder tokenAuth() {
            return tokenAuth(AuthConfig.TokenConfig.defaults());
        }

        public Builder tokenAuth(AuthConfig.TokenConfig config) {
            this.token = Optional.of(config);
            return this;
        }

        /** A user of the htpasswd file (bcrypt, written by the real {@code htpasswd -B}). */
        public Builder user(String name, String password) {
            users.add(name);
            users.add(password);
            return this;
        }

        /** An access rule; without any, authenticated users may do everything. */
        public Builder rule(AccessRule rule) {
            rules.add(rule);
            return this;
        }

        public Builder tls(Path certificate, Path key) {
            this.tls = Optional.of(new TlsConfig(certificate, key));
            return this;
        }

        public Builder clock(Clock c) {
            this.clock = c;
            return this;
        }

        public TestRegistry start() throws IOException, InterruptedException {
            Files.createDirectories(dir);
            Optional<Path> htpasswd = users.isEmpty() ? Optional.empty()
                    : Optional.of(HtpasswdFiles.create(dir.resolve("htpasswd"), users.toArray(String[]::new)));
            AuthConfig auth;
            if (token.isPresent()) {
                auth = AuthConfig.token(htpasswd, token.get(), rules);
            } else if (basic) {
                auth = AuthConfig.htpasswd(htpasswd.orElseThrow(() ->
                        new IllegalStateException("basic auth needs at least one user")), rules);
            } else {
                auth = AuthConfig.none();
            }
            Path root = dir.resolve("root");
            RegistryConfig config = RegistryConfig.defaults().withAddr(ListenAddress.parse("127.0.0.1:0"))
                    .withRoot(root);
            RegistryFeatures features = RegistryFeatures.of(root, auth, tls,
                    new AccessLogConfig(dir.resolve("access.log").toString()), clock);
            try {
                return new TestRegistry(Registry.start(config, features.hooks()), features, tls.isPresent(), dir);
            } catch (RuntimeException e) {
                features.close();
                throw e;
            }
        }
    }
}
