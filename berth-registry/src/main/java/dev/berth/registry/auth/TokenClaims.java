package dev.berth.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The claims of a registry bearer token (distribution {@code docs/spec/auth/jwt.md}): who ({@code sub}, empty for an
 * anonymous client), for which registry ({@code aud}), from which issuer, when it is valid, and the {@code access} it
 * grants. {@code aud} is written as a string, the form distribution 2.x reads.
 */
public record TokenClaims(String issuer, String subject, String audience, Instant notBefore, Instant expiresAt,
        Instant issuedAt, String id, List<ResourceScope> access) {
    public TokenClaims {
        Objects.requireNonNull(issuer, "issuer");
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(audience, "audience");
        Objects.requireNonNull(notBefore, "notBefore");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(issuedAt, "issuedAt");
        Objects.requireNonNull(id, "id");
        access = List.copyOf(access);
    }

    /** The user the token speaks for; empty for a token issued to an anonymous client. */
    public Optional<String> user() {
        return subject.isEmpty() ? Optional.empty() : Optional.of(subject);
    }

    public boolean grants(Permission wanted) {
        for (ResourceScope scope : access) {
            if (scope.type().equals(wanted.type()) && scope.name().equals(wanted.name())
                    && (scope.actions().contains(wanted.action()) || scope.actions().contains(Permission.ALL))) {
                return true;
            }
        }
        return false;
    }

    ObjectNode toJson() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("iss", issuer);
        node.put("sub", subject);
        node.put("aud", audience);
        node.put("exp", expiresAt.getEpochSecond());
        node.put("nbf", notBefore.getEpochSecond());
        node.put("iat", issuedAt.getEpochSecond());
        node.put("jti", id);
        ArrayNode list = node.putArray("access");
        for (ResourceScope scope : access) {
            ObjectNode entry = list.addObject();
            entry.put("type", scope.type());
            entry.put("name", scope.name());
            ArrayNode actions = entry.putArray("actions");
            scope.permissions().forEach(a -> actions.add(a.action()));
        }
        return node;
    }

    /** Reads claims; a missing or mistyped claim makes the token invalid (UNAUTHORIZED). */
    static TokenClaims fromJson(JsonNode node) {
        return new TokenClaims(text(node, "iss"), optionalText(node, "sub"), audience(node),
                Instant.ofEpochSecond(number(node, "nbf")), Instant.ofEpochSecond(number(node, "exp")),
                Instant.ofEpochSecond(number(node, "iat")), optionalText(node, "jti"), access(node.get("access")));
    }

    private static String audience(JsonNode node) {
        JsonNode aud = node.get("aud");
        if (aud != null && aud.isArray() && aud.size() == 1 && aud.get(0).isTextual()) {
            return aud.get(0).textValue();
        }
        return text(node, "aud");
    }

    private static List<ResourceScope> access(JsonNode node) {
        if (node == null || node.isNull()) {
            return List.of();
        }
        if (!node.isArray()) {
            throw invalid("access must be a list");
        }
        List<ResourceScope> out = new ArrayList<>();
        for (JsonNode entry : node) {
            Set<String> actions = new LinkedHashSet<>();
            JsonNode list = entry.get("actions");
            if (list != null && list.isArray()) {
                list.forEach(a -> actions.add(a.asText()));
            }
            try {
                out.add(new ResourceScope(text(entry, "type"), text(entry, "name"), actions));
            } catch (IllegalArgumentException e) {
                throw invalid("access: " + e.getMessage());
            }
        }
        return out;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.isTextual()) {
            throw invalid(field + " is missing or not a string");
        }
        return v.textValue();
    }

    private static String optionalText(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.textValue() : "";
    }

    private static long number(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || !v.canConvertToLong()) {
            throw invalid(field + " is missing or not a number");
        }
        return v.longValue();
    }

    private static BerthException invalid(String why) {
        return new BerthException(ErrorKind.UNAUTHORIZED, "invalid token: " + why);
    }
}
