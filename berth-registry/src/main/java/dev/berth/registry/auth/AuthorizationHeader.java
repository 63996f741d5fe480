package dev.berth.registry.auth;

import java.util.Optional;

/** The {@code Authorization} header's grammar: {@code scheme SP credentials}, the scheme case-insensitive (RFC 9110). */
final class AuthorizationHeader {
    private AuthorizationHeader() {}

    static Optional<String> credentials(String header, String scheme) {
        if (header == null) {
            return Optional.empty();
        }
        String trimmed = header.strip();
        int space = trimmed.indexOf(' ');
        if (space < 0 || !trimmed.substring(0, space).equalsIgnoreCase(scheme)) {
            return Optional.empty();
        }
        String credentials = trimmed.substring(space + 1).strip();
        return credentials.isEmpty() ? Optional.empty() : Optional.of(credentials);
    }
}
