package dev.berth.engine.distribution;

import dev.berth.client.auth.Challenge;
import dev.berth.client.auth.Credentials;
import dev.berth.client.registry.Endpoint;
import dev.berth.client.registry.RegistryHosts;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * {@code POST /auth} (docker's {@code loginV2}): {@code GET /v2/} on the registry, then the credentials against the
 * challenge it answers — Basic on {@code /v2/} itself, Bearer at the token realm without a scope. The credentials
 * are not kept: the client stores them and sends them with each pull and push.
 */
public final class RegistryLogin {
    private final RegistryHosts hosts;

    public RegistryLogin(RegistryHosts hosts) {
        this.hosts = hosts;
    }

    /** Checks {@code credentials} on the registry of {@code serverAddress}, or fails UNAUTHORIZED as docker words it. */
    public void login(String serverAddress, Credentials credentials) {
        String domain = domainOf(serverAddress);
        Endpoint origin = hosts.origin(domain);
        URI ping = origin.resolve("");
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(15)).followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<Void> first = http.send(HttpRequest.newBuilder(ping).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (first.statusCode() == 200) {
                return;
            }
            List<Challenge> challenges = Challenge.parse(first.headers().firstValue("WWW-Authenticate").orElse(""));
            Optional<Challenge> bearer = challenges.stream().filter(Challenge::isBearer).findFirst();
            URI check = bearer.map(c -> tokenUri(c, credentials)).orElse(ping);
            HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(check)
                    .header("Authorization", credentials.basicAuthorization()).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            if (answer.statusCode() == 200) {
                return;
            }
            throw new BerthException(ErrorKind.UNAUTHORIZED, "login attempt to " + ping
                    + " failed with status: " + answer.statusCode() + " " + reason(answer.statusCode()));
        } catch (IOException e) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "Get \"" + ping + "\": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "login to " + ping + " interrupted", e);
        }
    }

    private static URI tokenUri(Challenge c, Credentials credentials) {
        String realm = c.param("realm").orElseThrow(() -> BerthException.invalid("bearer challenge without realm"));
        StringBuilder q = new StringBuilder(realm).append(realm.contains("?") ? "&" : "?");
        c.param("service").ifPresent(s -> q.append("service=").append(enc(s)).append('&'));
        q.append("account=").append(enc(credentials.username()));
        return URI.create(q.toString());
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static String reason(int status) {
        return switch (status) {
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            default -> "";
        };
    }

    /** docker's {@code ConvertToHostname}: the host of {@code https://index.docker.io/v1/} or {@code host:port}. */
    static String domainOf(String serverAddress) {
        String s = serverAddress.strip();
        if (s.isEmpty() || s.contains("index.docker.io") || s.equals("docker.io")) {
            return "docker.io";
        }
        s = s.replaceFirst("^https?://", "");
        int slash = s.indexOf('/');
        return slash < 0 ? s : s.substring(0, slash);
    }
}
