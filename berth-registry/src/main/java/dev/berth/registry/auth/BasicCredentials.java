package dev.berth.registry.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;

/** A user name and password from an {@code Authorization: Basic} header (RFC 7617). */
public record BasicCredentials(String user, String password) {
    public BasicCredentials {
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(password, "password");
    }

    /** The credentials of a Basic header; empty for any other scheme or a header that does not decode. */
    public static Optional<BasicCredentials> parse(String authorization) {
        Optional<String> encoded = AuthorizationHeader.credentials(authorization, "Basic");
        if (encoded.isEmpty()) {
            return Optional.empty();
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(encoded.get()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return Optional.empty();
        }
        return Optional.of(new BasicCredentials(decoded.substring(0, colon), decoded.substring(colon + 1)));
    }

    /** The header value that carries these credentials. */
    public String header() {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public String toString() {
        return "BasicCredentials[user=" + user + "]";
    }
}
