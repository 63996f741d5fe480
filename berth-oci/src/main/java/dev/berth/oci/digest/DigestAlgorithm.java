package dev.berth.oci.digest;

import dev.berth.oci.error.BerthException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Optional;

/** The digest algorithms of the OCI image spec ("Digests", registered algorithms) that Berth accepts. */
public enum DigestAlgorithm {
    SHA256("sha256", "SHA-256", 64),
    SHA512("sha512", "SHA-512", 128);

    private final String id;
    private final String jcaName;
    private final int hexLength;

    DigestAlgorithm(String id, String jcaName, int hexLength) {
        this.id = id;
        this.jcaName = jcaName;
        this.hexLength = hexLength;
    }

    /** The name in the wire form, e.g. {@code sha256}. */
    public String id() {
        return id;
    }

    /** Exact number of lowercase hex characters of an encoded digest. */
    public int hexLength() {
        return hexLength;
    }

    public MessageDigest newMessageDigest() {
        try {
            return MessageDigest.getInstance(jcaName);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("JDK lacks " + jcaName, e);
        }
    }

    public static Optional<DigestAlgorithm> byId(String id) {
        return Arrays.stream(values()).filter(a -> a.id.equals(id)).findFirst();
    }

    public static DigestAlgorithm of(String id) {
        return byId(id).orElseThrow(() -> BerthException.invalid("unsupported digest algorithm: " + id));
    }

    @Override
    public String toString() {
        return id;
    }
}
