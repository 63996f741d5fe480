package dev.berth.registry.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The JWS compact serialisation (RFC 7515 §7.1): {@code base64url(header) . base64url(payload) . base64url(signature)},
 * the signature over the first two parts as sent.
 */
record Jws(ObjectNode header, ObjectNode payload, byte[] signingInput, byte[] signature) {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    /** Tokens are a few hundred bytes; a header this long is an attack, not a token. */
    static final int MAX_LENGTH = 16 * 1024;

    static String sign(ObjectNode header, ObjectNode payload, SigningKey key) {
        String input = ENCODER.encodeToString(Json.bytes(header)) + "." + ENCODER.encodeToString(Json.bytes(payload));
        byte[] signature = key.sign(input.getBytes(StandardCharsets.US_ASCII));
        return input + "." + ENCODER.encodeToString(signature);
    }

    /** Splits and decodes a compact JWS without checking its signature; malformed input is UNAUTHORIZED. */
    static Jws parse(String compact) {
        if (compact.length() > MAX_LENGTH) {
            throw malformed("longer than " + MAX_LENGTH + " bytes");
        }
        String[] parts = compact.split("\\.", -1);
        if (parts.length != 3) {
            throw malformed("expected three dot-separated parts");
        }
        try {
            return new Jws(object(DECODER.decode(parts[0])), object(DECODER.decode(parts[1])),
                    (parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII), DECODER.decode(parts[2]));
        } catch (IllegalArgumentException e) {
            throw malformed("not base64url");
        }
    }

    private static ObjectNode object(byte[] json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (IOException e) {
            throw malformed("not JSON");
        }
        throw malformed("not a JSON object");
    }

    private static BerthException malformed(String why) {
        return new BerthException(ErrorKind.UNAUTHORIZED, "malformed token: " + why);
    }
}
