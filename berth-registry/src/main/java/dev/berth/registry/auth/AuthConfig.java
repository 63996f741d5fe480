package dev.berth.registry.auth;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The {@code auth} section of the registry's configuration. No section: no auth. {@code htpasswd} alone: Basic auth.
 * {@code token}: Docker's bearer token flow with the built-in token endpoint, its users from {@code htpasswd}.
 *
 * <pre>
 * auth:
 *   htpasswd:
 *     path: /etc/berth-registry/htpasswd   # htpasswd -B (bcrypt)
 *     realm: berth-registry                # Basic realm; default "berth-registry"
 *   token:                                 # omit for Basic auth
 *     service: berth-registry              # the token audience; default "berth-registry"
 *     issuer: berth-registry               # default: the service
 *     expiration: 300                      # token lifetime in seconds; default 300
 *     realm: https://host/auth/token       # default: this registry's /auth/token as the client reached it
 *     key: /etc/berth-registry/token.key   # PKCS#8 PEM, EC P-256 or RSA; with certificate (x5c). Default: a key
 *     certificate: /etc/…/token.crt        #   generated at start (tokens do not outlive the process)
 *   access:                                # see AccessRule; default: authenticated users may do everything
 *     - repository: "**"
 *       users: ["*"]
 *       actions: [pull, push, delete]
 * </pre>
 */
public record AuthConfig(Optional<HtpasswdConfig> htpasswd, Optional<TokenConfig> token, List<AccessRule> access) {
    public static final String DEFAULT_SERVICE = "berth-registry";

    public AuthConfig {
        Objects.requireNonNull(htpasswd, "htpasswd");
        Objects.requireNonNull(token, "token");
        access = List.copyOf(access);
    }

    @JsonCreator
    static AuthConfig fromYaml(@JsonProperty("htpasswd") HtpasswdConfig htpasswd,
            @JsonProperty("token") TokenConfig token, @JsonProperty("access") List<AccessRule> access) {
        return new AuthConfig(Optional.ofNullable(htpasswd), Optional.ofNullable(token),
                access == null ? List.of() : access);
    }

    /** No auth: the default. */
    public static AuthConfig none() {
        return new AuthConfig(Optional.empty(), Optional.empty(), List.of());
    }

    /** Basic auth against an htpasswd file. */
    public static AuthConfig htpasswd(Path file, List<AccessRule> access) {
        return new AuthConfig(Optional.of(new HtpasswdConfig(file, DEFAULT_SERVICE)), Optional.empty(), access);
    }

    /** Token auth with the built-in token endpoint, users from {@code file} (empty: anonymous clients only). */
    public static AuthConfig token(Optional<Path> file, TokenConfig token, List<AccessRule> access) {
        return new AuthConfig(file.map(f -> new HtpasswdConfig(f, DEFAULT_SERVICE)), Optional.of(token), access);
    }

    /** {@code auth.htpasswd}. */
    public record HtpasswdConfig(Path path, String realm) {
        public HtpasswdConfig {
            Objects.requireNonNull(path, "auth.htpasswd.path");
            Objects.requireNonNull(realm, "auth.htpasswd.realm");
        }

        @JsonCreator
        static HtpasswdConfig fromYaml(@JsonProperty("path") Path path, @JsonProperty("realm") String realm) {
            if (path == null) {
                throw new IllegalArgumentException("auth.htpasswd.path is required");
            }
            return new HtpasswdConfig(path, realm == null ? DEFAULT_SERVICE : realm);
        }
    }

    /** {@code auth.token}. */
    public record TokenConfig(String service, String issuer, Duration expiration, Optional<String> realm,
            Optional<Path> key, Optional<Path> certificate) {
        public TokenConfig {
            Objects.requireNonNull(service, "auth.token.service");
            Objects.requireNonNull(issuer, "auth.token.issuer");
            Objects.requireNonNull(expiration, "auth.token.expiration");
            Objects.requireNonNull(realm, "auth.token.realm");
            Objects.requireNonNull(key, "auth.token.key");
            Objects.requireNonNull(certificate, "auth.token.certificate");
            if (key.isPresent() != certificate.isPresent()) {
                throw new IllegalArgumentException("auth.token: key and certificate go together");
            }
            if (expiration.isNegative() || expiration.isZero()) {
                throw new IllegalArgumentException("auth.token.expiration must be positive");
            }
        }

        /** The defaults: service and issuer {@code berth-registry}, 5 minutes, own realm, generated key. */
        public static TokenConfig defaults() {
            return new TokenConfig(DEFAULT_SERVICE, DEFAULT_SERVICE, Duration.ofMinutes(5), Optional.empty(),
                    Optional.empty(), Optional.empty());
        }

        public TokenConfig withKey(Path keyFile, Path certificateFile) {
            return new TokenConfig(service, issuer, expiration, realm, Optional.of(keyFile),
                    Optional.of(certificateFile));
        }

        public TokenConfig withExpiration(Duration lifetime) {
            return new TokenConfig(service, issuer, lifetime, realm, key, certificate);
        }

        @JsonCreator
        static TokenConfig fromYaml(@JsonProperty("service") String service, @JsonProperty("issuer") String issuer,
                @JsonProperty("expiration") Long expirationSeconds, @JsonProperty("realm") String realm,
                @JsonProperty("key") Path key, @JsonProperty("certificate") Path certificate) {
            String s = service == null ? DEFAULT_SERVICE : service;
            return new TokenConfig(s, issuer == null ? s : issuer,
                    Duration.ofSeconds(expirationSeconds == null ? 300 : expirationSeconds), Optional.ofNullable(realm),
                    Optional.ofNullable(key), Optional.ofNullable(certificate));
        }
    }

    /** The running form of this section: the authorizer for {@code /v2/} and, in token mode, the token endpoint. */
    public record Auth(Authorizer authorizer, Optional<TokenService> tokens) {
        public Auth {
            Objects.requireNonNull(authorizer, "authorizer");
            Objects.requireNonNull(tokens, "tokens");
        }

        /**
         * The authorizer of the web page: the API's, except in token mode, where a browser cannot follow the bearer
         * flow: there the page asks for Basic credentials and checks them against the token endpoint's users and rules.
         */
        public Authorizer pageAuthorizer() {
            return tokens.<Authorizer>map(t -> new BasicAuthorizer(t.users(), t.policy(), t.authority().service()))
                    .orElse(authorizer);
        }
    }

    /** Loads the files this section names and builds the {@link Auth}; bad files are INVALID_ARGUMENT. */
    public Auth start(Clock clock) {
        AccessPolicy policy = new AccessPolicy(access);
        Optional<Htpasswd> users = htpasswd.map(h -> Htpasswd.load(h.path()));
        if (token.isPresent()) {
            TokenConfig t = token.get();
            SigningKey key = t.key().isPresent() ? SigningKey.load(t.key().get(), t.certificate().orElseThrow())
                    : SigningKey.ephemeral();
            TokenAuthority authority = new TokenAuthority(key, t.issuer(), t.service(), t.expiration(), clock);
            return new Auth(new BearerAuthorizer(authority, t.realm()),
                    Optional.of(new TokenService(authority, users, policy)));
        }
        if (users.isPresent()) {
            return new Auth(new BasicAuthorizer(users, policy, htpasswd.orElseThrow().realm()), Optional.empty());
        }
        return new Auth(new Authorizer.Open(), Optional.empty());
    }
}
