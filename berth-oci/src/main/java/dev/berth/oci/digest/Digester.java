package dev.berth.oci.digest;

import java.security.MessageDigest;

/** An incremental digest with a byte count: fed while streaming, read once at the end. Not thread-safe. */
public final class Digester {
    private final DigestAlgorithm algorithm;
    private final MessageDigest md;
    private long size;

    public Digester(DigestAlgorithm algorithm) {
        this.algorithm = algorithm;
        this.md = algorithm.newMessageDigest();
    }

    public static Digester sha256() {
        return new Digester(DigestAlgorithm.SHA256);
    }

    public void update(byte[] b, int off, int len) {
        md.update(b, off, len);
        size += len;
    }

    public void update(java.nio.ByteBuffer buffer) {
        size += buffer.remaining();
        md.update(buffer);
    }

    public long size() {
        return size;
    }

    public DigestAlgorithm algorithm() {
        return algorithm;
    }

    /** Finishes the digest; the digester must not be used afterwards. */
    public Digest digest() {
        return Digest.of(algorithm, md.digest());
    }
}
