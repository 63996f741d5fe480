package dev.berth.client.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Json;
import dev.berth.client.auth.Challenge;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns a registry's error response (OCI distribution spec, "Error Codes": {@code {"errors":[{"code","message",
 * "detail"}]}}) into a {@link BerthException} worded as docker words it: {@code <code in lower case>: <message>},
 * e.g. {@code manifest unknown: manifest unknown}, {@code denied: requested access to the resource is denied}.
 */
final class RegistryErrors {
    private static final String UNEXPECTED = "unexpected status ";

    private RegistryErrors() {}

    static BerthException of(String action, int status, byte[] body) {
        return new BerthException(kind(status), action + ": " + describe(status, body));
    }

    /**
     * As {@link #of(String, int, byte[])}, reading also the response's OAuth error (RFC 6750 §3.1) as distribution's
     * {@code HandleErrorResponse} does: a bearer challenge with {@code error="insufficient_scope"} is {@code denied:
     * requested access to the resource is denied}, {@code invalid_token} or a bare 401 {@code unauthorized:
     * authentication required}; the registry's own error JSON, when it sent some, still wins.
     */
    static BerthException of(String action, HttpResponse<?> response, byte[] body) {
        int status = response.statusCode();
        Optional<String> oauth = status / 100 == 4 ? oauthError(response) : Optional.empty();
        String registry = describe(status, body);
        if (!registry.startsWith(UNEXPECTED)) {
            return new BerthException(kind(status), action + ": " + registry);
        }
        if (oauth.isPresent()) {
            ErrorKind kind = oauth.get().startsWith("denied") ? ErrorKind.DENIED : ErrorKind.UNAUTHORIZED;
            return new BerthException(kind, action + ": " + oauth.get());
        }
        if (status == 401) {
            return new BerthException(ErrorKind.UNAUTHORIZED, action + ": unauthorized: authentication required");
        }
        return new BerthException(kind(status), action + ": " + registry);
    }

    private static Optional<String> oauthError(HttpResponse<?> response) {
        for (String header : response.headers().allValues("WWW-Authenticate")) {
            for (Challenge c : Challenge.parse(header)) {
                if (!c.isBearer()) {
                    continue;
                }
                Optional<String> description = c.param("error_description");
                switch (c.param("error").orElse("")) {
                    case "insufficient_scope" -> {
                        return Optional.of("denied: "
                                + description.orElse("requested access to the resource is denied"));
                    }
                    case "invalid_token" -> {
                        return Optional.of("unauthorized: " + description.orElse("authentication required"));
                    }
                    default -> { }
                }
            }
        }
        return Optional.empty();
    }

    /** Without the request in front: the registry's words as docker shows them, for callers that add their own. */
    static BerthException bare(int status, byte[] body) {
        return new BerthException(kind(status), describe(status, body));
    }

    static ErrorKind kind(int status) {
        return switch (status) {
            case 400, 405, 413, 416 -> ErrorKind.INVALID_ARGUMENT;
            case 401 -> ErrorKind.UNAUTHORIZED;
            case 403 -> ErrorKind.DENIED;
            case 404 -> ErrorKind.NOT_FOUND;
            case 409 -> ErrorKind.CONFLICT;
            default -> status == 429 || status >= 500 ? ErrorKind.UNAVAILABLE : ErrorKind.INTERNAL;
        };
    }

    /** The registry's own words when it gave some, else the status. */
    static String describe(int status, byte[] body) {
        List<String> messages = new ArrayList<>();
        try {
            JsonNode errors = Json.object(body, "error response").path("errors");
            for (JsonNode e : errors) {
                String code = e.path("code").asText("").toLowerCase(Locale.ROOT).replace('_', ' ');
                String message = e.path("message").asText("");
                messages.add(code.isEmpty() ? message : message.isEmpty() ? code : code + ": " + message);
            }
        } catch (BerthException notJson) {
            // Not the spec's error JSON (a proxy's page, an empty body): the status says it.
        }
        if (!messages.isEmpty()) {
            return String.join("; ", messages);
        }
        String text = new String(body, 0, Math.min(body.length, 200), StandardCharsets.UTF_8).strip();
        return UNEXPECTED + status + (text.isEmpty() || text.startsWith("<") ? "" : ": " + text);
    }
}
