package dev.berth.cli.auth;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.spec.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * Credentials for one registry, as the Engine API carries them ({@code POST /auth} body, and base64url JSON in the
 * {@code X-Registry-Auth} header).
 *
 * @param username      user name, empty when anonymous
 * @param password      password, empty when anonymous or when an identity token stands in
 * @param serverAddress registry key, e.g. {@code 127.0.0.1:5000} or {@code https://index.docker.io/v1/}
 * @param identityToken refresh token a registry gave at login, if any
 */
public record AuthConfig(String username, String password, String serverAddress, Optional<String> identityToken) {
    public AuthConfig {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(serverAddress, "serverAddress");
        Objects.requireNonNull(identityToken, "identityToken");
    }

    /** No credentials: docker then sends {@code {}}, naming no server. */
    public static AuthConfig anonymous() {
        return new AuthConfig("", "", "", Optional.empty());
    }

    /** The JSON docker sends, empty fields left out ({@code omitempty}). */
    public ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        if (!username.isEmpty()) {
            node.put("username", username);
        }
        if (!password.isEmpty()) {
            node.put("password", password);
        }
        if (!serverAddress.isEmpty()) {
            node.put("serveraddress", serverAddress);
        }
        identityToken.ifPresent(t -> node.put("identitytoken", t));
        return node;
    }

    /** The {@code X-Registry-Auth} header value: base64url of the JSON, as docker's {@code EncodeAuthConfig}. */
    public String encoded() {
        return Base64.getUrlEncoder().encodeToString(Json.bytes(toJson()));
    }

    /** The {@code auth} field of {@code config.json}: base64 of {@code user:password}. */
    public String basicAuth() {
        return Base64.getEncoder().encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
