package dev.berth.registry.auth;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/** {@code WWW-Authenticate} values (RFC 9110 §11.6.1, RFC 6750 §3) as Docker clients parse them. */
final class Challenges {
    private Challenges() {}

    static String bearer(String realm, String service, List<Permission> required, Optional<String> error) {
        StringBuilder out = new StringBuilder("Bearer realm=").append(quote(realm))
                .append(",service=").append(quote(service));
        if (!required.isEmpty()) {
            String scope = ResourceScope.of(required).stream().map(ResourceScope::toString)
                    .collect(Collectors.joining(" "));
            out.append(",scope=").append(quote(scope));
        }
        error.ifPresent(e -> out.append(",error=").append(quote(e)));
        return out.toString();
    }

    /** A quoted-string: backslash and double quote escaped. */
    static String quote(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
