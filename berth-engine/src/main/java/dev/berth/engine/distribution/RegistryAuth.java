package dev.berth.engine.distribution;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.auth.Credentials;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.util.Base64;
import java.util.Optional;

/**
 * The credentials a client sends with a pull or push: the {@code X-Registry-Auth} header, base64url-encoded JSON
 * ({@code {"username", "password", "serveraddress", "identitytoken"}}), as the docker CLI writes it; with a build,
 * the {@code X-Registry-Config} header: base64url-encoded JSON of such objects by registry.
 */
public final class RegistryAuth {
    private RegistryAuth() {}

    /** The credentials of the header, or empty when it is absent or carries none. */
    public static Optional<Credentials> fromHeader(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        try {
            byte[] json = Base64.getUrlDecoder().decode(header.strip().replace('+', '-').replace('/', '_')
                    .replace("=", ""));
            return fromJson(Json.MAPPER.readTree(json));
        } catch (IllegalArgumentException | IOException e) {
            throw BerthException.invalid("invalid X-Registry-Auth header: " + e.getMessage());
        }
    }

    /** The credentials {@code X-Registry-Config} holds for registry {@code domain} ({@code docker.io} for Docker Hub). */
    public static Optional<Credentials> fromConfigHeader(String header, String domain) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        JsonNode configs;
        try {
            configs = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(header.strip().replace('+', '-')
                    .replace('/', '_').replace("=", "")));
        } catch (IllegalArgumentException | IOException e) {
            throw BerthException.invalid("invalid X-Registry-Config header: " + e.getMessage());
        }
        for (var it = configs.fields(); it.hasNext(); ) {
            var e = it.next();
            if (Distribution.domainOf(e.getKey()).equals(domain)) {
                return fromJson(e.getValue());
            }
        }
        return Optional.empty();
    }

    /** The credentials of an auth config object (also the body of {@code POST /auth}). */
    public static Optional<Credentials> fromJson(JsonNode node) {
        if (node == null || !node.isObject()) {
            return Optional.empty();
        }
        String user = node.path("username").asText("");
        String password = node.path("password").asText("");
        String token = node.path("identitytoken").asText("");
        if (user.isEmpty() && password.isEmpty() && token.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Credentials(user, password, token.isEmpty() ? Optional.empty() : Optional.of(token)));
    }
}
