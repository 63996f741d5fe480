package dev.berth.oci.digest;

import dev.berth.oci.error.BerthException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Objects;

/**
 * A content digest, {@code algorithm ":" encoded} (OCI image spec, "Digests"): sha256 with 64 or sha512 with 128
 * lowercase hex characters. Any value of this type is valid; {@link #toString()} is the wire form.
 */
public record Digest(DigestAlgorithm algorithm, String encoded) implements Comparable<Digest> {
    private static final HexFormat HEX = HexFormat.of();

    public Digest {
        Objects.requireNonNull(algorithm, "algorithm");
        Objects.requireNonNull(encoded, "encoded");
        if (encoded.length() != algorithm.hexLength()) {
            throw BerthException.invalid("invalid digest " + algorithm + ":" + abbreviate(encoded) + ": "
                    + algorithm + " needs " + algorithm.hexLength() + " hex characters, got " + encoded.length());
        }
        for (int i = 0; i < encoded.length(); i++) {
            char c = encoded.charAt(i);
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
                throw BerthException.invalid("invalid digest " + algorithm + ":" + abbreviate(encoded)
                        + ": not lowercase hex at position " + i);
            }
        }
    }

    /** Parses {@code sha256:<64 hex>} or {@code sha512:<128 hex>}; anything else is refused with the reason. */
    public static Digest parse(String text) {
        Objects.requireNonNull(text, "digest");
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw BerthException.invalid("invalid digest \"" + abbreviate(text) + "\": expected algorithm:hex");
        }
        return new Digest(DigestAlgorithm.of(text.substring(0, colon)), text.substring(colon + 1));
    }

    /** True when {@link #parse} would accept {@code text}. */
    public static boolean isValid(String text) {
        try {
            parse(text);
            return true;
        } catch (BerthException e) {
            return false;
        }
    }

    public static Digest of(DigestAlgorithm algorithm, byte[] raw) {
        return new Digest(algorithm, HEX.formatHex(raw));
    }

    /** The sha256 digest of {@code bytes}. */
    public static Digest sha256(byte[] bytes) {
        return of(DigestAlgorithm.SHA256, DigestAlgorithm.SHA256.newMessageDigest().digest(bytes));
    }

    public static Digest sha256(String utf8) {
        return sha256(utf8.getBytes(StandardCharsets.UTF_8));
    }

    /** The same algorithm over {@code bytes}: what a verifier must compute to compare against this digest. */
    public Digest recompute(byte[] bytes) {
        return of(algorithm, algorithm.newMessageDigest().digest(bytes));
    }

    /** The first 12 hex characters: docker's short id (e.g. a layer id in pull progress). */
    public String shortId() {
        return encoded.substring(0, 12);
    }

    @Override
    public int compareTo(Digest o) {
        return toString().compareTo(o.toString());
    }

    @Override
    public String toString() {
        return algorithm.id() + ":" + encoded;
    }

    private static String abbreviate(String s) {
        return s.length() > 140 ? s.substring(0, 140) + "…" : s;
    }
}
