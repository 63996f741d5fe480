package dev.berth.client.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/**
 * What a user logged in with for one registry (docker's {@code AuthConfig}): a username and password, or an identity
 * token (an OAuth2 refresh token from {@code docker login} against a token server). {@link #toString()} never shows a
 * secret.
 */
public record Credentials(String username, String password, Optional<String> identityToken) {
    public Credentials {
        Objects.requireNonNull(username, "username");
        Objects.requireNonNull(password, "password");
        Objects.requireNonNull(identityToken, "identityToken");
    }

    public static Credentials of(String username, String password) {
        return new Credentials(username, password, Optional.empty());
    }

    /** The {@code Authorization} value of HTTP Basic authentication (RFC 7617). */
    public String basicAuthorization() {
        return "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + (identityToken.isPresent() ? ", identity token" : "") + "]";
    }
}
