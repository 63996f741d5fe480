package dev.berth.client.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Bearer tokens of the distribution token protocol ("Token Authentication Specification"), fetched from the realm of
 * a {@code Bearer} challenge and cached per realm, service, scopes and login (user and secret) until shortly before
 * they expire.
 *
 * <p>Anonymous and password logins use {@code GET realm?service=…&scope=…} (with Basic credentials when there are
 * some); an identity token from {@code docker login} is exchanged with the OAuth2 {@code POST} form
 * ({@code grant_type=refresh_token}), as docker does. A token lives {@code expires_in} seconds (at least 60, the
 * protocol's default) from {@code issued_at}, or from when it was received.
 */
public final class BearerTokens {
    /** The protocol's minimum and default lifetime. */
    static final Duration MIN_LIFETIME = Duration.ofSeconds(60);
    /** A token is renewed this long before it expires, so that it does not expire in flight. */
    static final Duration MARGIN = Duration.ofSeconds(10);
    private static final int MAX_RESPONSE = 1 << 20;
    private static final Duration TIMEOUT = Duration.ofMinutes(1);

    /** {@code principal}: who asked, down to the secret, so a wrong password never gets a right one's token. */
    private record Key(String realm, String service, List<String> scopes, String principal) {}

    private record Token(String value, Instant renewAt) {}

    private final HttpClient http;
    private final Clock clock;
    private final Map<Key, Token> cache = new ConcurrentHashMap<>();

    public BearerTokens(HttpClient http, Clock clock) {
        this.http = http;
        this.clock = clock;
    }

    /** A token for {@code scopes} (the challenge's own scope when empty), from the cache while it is fresh. */
    public String token(Challenge challenge, List<Scope> scopes, Optional<Credentials> credentials) {
        Key key = key(challenge, scopes, credentials);
        Token cached = cache.get(key);
        if (cached != null && clock.instant().isBefore(cached.renewAt())) {
            return cached.value();
        }
        Token fresh = fetch(key, credentials);
        cache.put(key, fresh);
        return fresh.value();
    }

    /** Forgets the token a registry refused, so the next {@link #token} fetches a new one. */
    public void invalidate(Challenge challenge, List<Scope> scopes, Optional<Credentials> credentials) {
        cache.remove(key(challenge, scopes, credentials));
    }

    private static Key key(Challenge challenge, List<Scope> scopes, Optional<Credentials> credentials) {
        String realm = challenge.param("realm").orElseThrow(() -> new BerthException(ErrorKind.UNAUTHORIZED,
                "bearer challenge without a realm"));
        List<String> names = new ArrayList<>(scopes.stream().map(Scope::toString).toList());
        if (names.isEmpty()) {
            challenge.param("scope").ifPresent(s -> names.addAll(List.of(s.split(" "))));
        }
        names.sort(null);
        return new Key(realm, challenge.param("service").orElse(""), List.copyOf(names),
                credentials.map(BearerTokens::principal).orElse(""));
    }

    private static String principal(Credentials c) {
        return c.username() + "/" + Digest.sha256(c.password() + "\0" + c.identityToken().orElse("")).encoded();
    }

    private Token fetch(Key key, Optional<Credentials> credentials) {
        String action = "get token from " + key.realm();
        Instant requested = clock.instant();
        HttpRequest request = credentials.flatMap(Credentials::identityToken).isPresent()
                ? oauthRequest(key, credentials.get().identityToken().get())
                : getRequest(key, credentials);
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, action + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, action + ": interrupted", e);
        }
        byte[] body = response.body();
        if (response.statusCode() == 401 || response.statusCode() == 403) {
            throw new BerthException(response.statusCode() == 401 ? ErrorKind.UNAUTHORIZED : ErrorKind.DENIED,
                    action + ": " + (credentials.isPresent() ? "unauthorized: incorrect username or password"
                            : "unauthorized: authentication required"));
        }
        if (response.statusCode() != 200 || body.length > MAX_RESPONSE) {
            throw new BerthException(ErrorKind.UNAVAILABLE, action + ": unexpected status "
                    + response.statusCode());
        }
        JsonNode json = Json.object(body, "token response from " + key.realm());
        String token = json.path("token").asText(json.path("access_token").asText(""));
        if (token.isEmpty()) {
            throw new BerthException(ErrorKind.UNAUTHORIZED, action + ": response holds no token");
        }
        Duration lifetime = Duration.ofSeconds(Math.max(json.path("expires_in").asLong(0), MIN_LIFETIME.toSeconds()));
        Instant issued = issuedAt(json).orElse(requested);
        return new Token(token, issued.plus(lifetime).minus(MARGIN));
    }

    private static Optional<Instant> issuedAt(JsonNode json) {
        String text = json.path("issued_at").asText("");
        if (text.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(Instant.parse(text));
        } catch (DateTimeParseException e) {
            return Optional.empty(); // as docker: an unreadable issued_at counts from the response
        }
    }

    private static HttpRequest getRequest(Key key, Optional<Credentials> credentials) {
        StringBuilder query = new StringBuilder();
        if (!key.service().isEmpty()) {
            query.append("service=").append(encode(key.service()));
        }
        for (String scope : key.scopes()) {
            query.append(query.isEmpty() ? "" : "&").append("scope=").append(encode(scope));
        }
        String realm = key.realm();
        URI uri = URI.create(query.isEmpty() ? realm : realm + (realm.contains("?") ? "&" : "?") + query);
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(TIMEOUT).GET();
        credentials.filter(c -> !c.username().isEmpty())
                .ifPresent(c -> b.header("Authorization", c.basicAuthorization()));
        return b.build();
    }

    private static HttpRequest oauthRequest(Key key, String refreshToken) {
        StringBuilder form = new StringBuilder("grant_type=refresh_token&client_id=berth&refresh_token=")
                .append(encode(refreshToken));
        if (!key.service().isEmpty()) {
            form.append("&service=").append(encode(key.service()));
        }
        if (!key.scopes().isEmpty()) {
            form.append("&scope=").append(encode(String.join(" ", key.scopes())));
        }
        return HttpRequest.newBuilder(URI.create(key.realm())).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form.toString()))
                .build();
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
