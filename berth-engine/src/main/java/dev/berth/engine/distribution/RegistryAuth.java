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
 * ({@code {"username", "password", "serveraddress", "identitytoken"}}), as the docker CLI writes it.
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
