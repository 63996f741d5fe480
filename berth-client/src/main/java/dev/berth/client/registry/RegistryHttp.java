package dev.berth.client.registry;

import dev.berth.client.auth.BearerTokens;
import dev.berth.client.auth.Challenge;
import dev.berth.client.auth.CredentialStore;
import dev.berth.client.auth.Credentials;
import dev.berth.client.auth.Scope;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Sends Distribution API requests with authentication, as docker does: the first request to an endpoint is preceded
 * by {@code GET /v2/}, whose {@code 401} challenge (Bearer or Basic) is remembered for the endpoint; each request then
 * carries a bearer token for its scopes (cached, see {@link BearerTokens}) or the Basic credentials. A {@code 401}
 * despite a token drops it and retries once with a fresh one. Redirects of {@code GET} and {@code HEAD} (blob
 * downloads served by a CDN or storage) are followed here, and the {@code Authorization} header goes only to the
 * origin it was made for.
 */
final class RegistryHttp {
    static final Duration HEADERS_TIMEOUT = Duration.ofMinutes(2);
    private static final int MAX_REDIRECTS = 10;

    private final HttpClient http;
    private final CredentialStore credentials;
    private final BearerTokens tokens;
    /** The challenge each endpoint answered {@code /v2/} with; empty when it needs no authentication. */
    private final Map<String, Optional<Challenge>> challenges;

    RegistryHttp(HttpClient http, CredentialStore credentials, BearerTokens tokens) {
        this(http, credentials, tokens, new ConcurrentHashMap<>());
    }

    private RegistryHttp(HttpClient http, CredentialStore credentials, BearerTokens tokens,
            Map<String, Optional<Challenge>> challenges) {
        this.http = http;
        this.credentials = credentials;
        this.tokens = tokens;
        this.challenges = challenges;
    }

    /**
     * The same connections, challenges and token cache with other credentials: a request's own login (docker's
     * {@code X-Registry-Auth}) for registry {@code domain}, the configured store for any other host.
     */
    RegistryHttp withCredentials(String domain, Credentials login) {
        CredentialStore base = credentials;
        return new RegistryHttp(http, host -> host.equals(domain) ? Optional.of(login) : base.get(host), tokens,
                challenges);
    }

    /**
     * Sends the request {@code build} makes for a URI (called again for a retry or a redirect, so bodies must be
     * replayable), authenticated for {@code scopes}. Any status is returned; failures to connect are UNAVAILABLE.
     */
    <T> HttpResponse<T> send(Endpoint endpoint, List<Scope> scopes, URI uri,
            Function<URI, HttpRequest.Builder> build, HttpResponse.BodyHandler<T> handler) {
        Optional<Challenge> challenge = challenge(endpoint);
        Optional<Credentials> creds = lookup(endpoint);
        Optional<String> authorization = authorization(challenge, scopes, creds);
        HttpResponse<T> response = sendFollowing(uri, build, handler, authorization);
        if (response.statusCode() == 401 && challenge.isPresent() && challenge.get().isBearer()) {
            discard(response);
            tokens.invalidate(challenge.get(), scopes, creds);
            Optional<Challenge> renewed = challengeOf(response).or(() -> challenge);
            challenges.put(endpoint.authority(), renewed);
            response = sendFollowing(uri, build, handler, authorization(renewed, scopes, creds));
        }
        return response;
    }

    /**
     * Docker's login check ({@code loginV2}): {@code GET /v2/}, then the credentials against its challenge — Basic on
     * {@code /v2/} itself, Bearer by getting a token without a scope. Fails UNAUTHORIZED as docker words it.
     */
    void login(Endpoint endpoint, Credentials login) {
        URI ping = endpoint.resolve("");
        Optional<Challenge> challenge = ping(endpoint);
        challenges.put(endpoint.authority(), challenge);
        if (challenge.isEmpty()) {
            return;
        }
        if (challenge.get().isBearer()) {
            tokens.invalidate(challenge.get(), List.of(), Optional.of(login));
            tokens.token(challenge.get(), List.of(), Optional.of(login));
            return;
        }
        HttpResponse<byte[]> r = sendOnce(withTimeout(HttpRequest.newBuilder(ping).GET()
                .header("Authorization", login.basicAuthorization())), HttpResponse.BodyHandlers.ofByteArray(), ping);
        if (r.statusCode() != 200) {
            throw new BerthException(ErrorKind.UNAUTHORIZED, "login attempt to " + ping + " failed with status: "
                    + r.statusCode() + (r.statusCode() == 401 ? " Unauthorized" : ""));
        }
    }

    private Optional<Credentials> lookup(Endpoint endpoint) {
        return credentials.get(endpoint.credentialHost());
    }

    private Optional<Challenge> challenge(Endpoint endpoint) {
        Optional<Challenge> known = challenges.get(endpoint.authority());
        if (known != null) {
            return known;
        }
        Optional<Challenge> learned = ping(endpoint);
        challenges.put(endpoint.authority(), learned);
        return learned;
    }

    /** {@code GET /v2/}: 200 needs no auth, 401 tells how to authenticate (Bearer preferred over Basic). */
    private Optional<Challenge> ping(Endpoint endpoint) {
        URI uri = endpoint.resolve("");
        HttpResponse<byte[]> response = sendOnce(withTimeout(HttpRequest.newBuilder(uri).GET()),
                HttpResponse.BodyHandlers.ofByteArray(), uri);
        if (response.statusCode() == 401) {
            return challengeOf(response);
        }
        if (response.statusCode() / 100 == 2) {
            return Optional.empty();
        }
        if (response.statusCode() == 404) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "GET " + uri + ": not a registry (404)");
        }
        throw RegistryErrors.of("GET " + uri, response, response.body());
    }

    private static Optional<Challenge> challengeOf(HttpResponse<?> response) {
        List<Challenge> all = response.headers().allValues("WWW-Authenticate").stream()
                .flatMap(h -> Challenge.parse(h).stream()).toList();
        return all.stream().filter(Challenge::isBearer).findFirst()
                .or(() -> all.stream().filter(Challenge::isBasic).findFirst());
    }

    private Optional<String> authorization(Optional<Challenge> challenge, List<Scope> scopes,
            Optional<Credentials> creds) {
        if (challenge.isEmpty()) {
            return Optional.empty();
        }
        Challenge c = challenge.get();
        if (c.isBearer()) {
            return Optional.of("Bearer " + tokens.token(c, scopes, creds));
        }
        if (c.isBasic()) {
            return Optional.of(creds.filter(x -> !x.username().isEmpty())
                    .orElseThrow(() -> new BerthException(ErrorKind.UNAUTHORIZED, "no basic auth credentials"))
                    .basicAuthorization());
        }
        throw new BerthException(ErrorKind.NOT_IMPLEMENTED, "unsupported authentication scheme " + c.scheme());
    }

    private <T> HttpResponse<T> sendFollowing(URI first, Function<URI, HttpRequest.Builder> build,
            HttpResponse.BodyHandler<T> handler, Optional<String> authorization) {
        URI uri = first;
        for (int hop = 0; ; hop++) {
            HttpRequest.Builder b = build.apply(uri);
            if (sameOrigin(uri, first)) {
                authorization.ifPresent(a -> b.setHeader("Authorization", a));
            }
            HttpResponse<T> response = sendOnce(withTimeout(b), handler, uri);
            Optional<String> location = response.headers().firstValue("Location");
            String method = response.request().method();
            if (!isRedirect(response.statusCode()) || location.isEmpty()
                    || !(method.equals("GET") || method.equals("HEAD"))) {
                return response;
            }
            discard(response);
            if (hop == MAX_REDIRECTS) {
                throw new BerthException(ErrorKind.UNAVAILABLE, method + " " + first + ": too many redirects");
            }
            uri = uri.resolve(location.get());
        }
    }

    /**
     * Reads wait at most {@link #HEADERS_TIMEOUT} for the response to start. Writes are not bounded: the JDK's timeout
     * would run while a large blob is still being sent.
     */
    private static HttpRequest.Builder withTimeout(HttpRequest.Builder b) {
        HttpRequest request = b.build();
        boolean read = request.method().equals("GET") || request.method().equals("HEAD");
        return read ? HttpRequest.newBuilder(request, (name, value) -> true).timeout(HEADERS_TIMEOUT) : b;
    }

    private static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    static boolean sameOrigin(URI a, URI b) {
        return a.getScheme().equalsIgnoreCase(b.getScheme()) && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
    }

    private <T> HttpResponse<T> sendOnce(HttpRequest.Builder b, HttpResponse.BodyHandler<T> handler, URI uri) {
        HttpRequest request = b.build();
        try {
            return http.send(request, handler);
        } catch (IOException e) {
            // Go's url.Error, as dockerd shows it: Get "https://host/v2/": dial tcp host:443: connect: …
            String op = request.method().charAt(0) + request.method().substring(1).toLowerCase(java.util.Locale.ROOT);
            throw new BerthException(ErrorKind.UNAVAILABLE, op + " \"" + uri + "\": " + dialError(e, uri), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, request.method() + " " + uri + ": interrupted", e);
        }
    }

    /**
     * What went wrong reaching {@code uri}, in Go's words as dockerd prints them: the JDK's connect failures carry no
     * message of their own (a {@code ConnectException} whose cause says nothing), only their type.
     */
    static String dialError(IOException e, URI uri) {
        String address = uri.getHost() + ":" + port(uri);
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.nio.channels.UnresolvedAddressException || t instanceof java.net.UnknownHostException) {
                return "dial tcp: lookup " + uri.getHost() + ": no such host";
            }
            // The JDK reports a refused connection as a ConnectException over a ClosedChannelException, no text.
            if (t instanceof java.nio.channels.ClosedChannelException && e instanceof java.net.ConnectException) {
                return "dial tcp " + address + ": connect: connection refused";
            }
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null) {
                return t.getMessage();
            }
        }
        return e.getClass().getSimpleName();
    }

    /** Releases the connection of a response whose body is not wanted. */
    static void discard(HttpResponse<?> response) {
        if (response.body() instanceof InputStream in) {
            try (in) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException e) {
                // The connection is dropped rather than reused; nothing was expected from this body.
            }
        }
    }
}
