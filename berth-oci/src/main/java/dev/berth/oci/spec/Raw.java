package dev.berth.oci.spec;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * A parsed document together with the exact bytes it was parsed from and their digest: what was digested is what is
 * kept and served (OCI image-spec descriptor.md, "Digests"). New documents are serialised once, by {@link #of}.
 */
public record Raw<T>(T value, byte[] bytes, Digest digest, String mediaType) {
    public Raw {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(digest, "digest");
        Objects.requireNonNull(mediaType, "mediaType");
        bytes = bytes.clone();
    }

    /** A manifest or index as received: parsed, validated, digested with {@code algorithm}. */
    public static Raw<ManifestDocument> manifest(byte[] bytes, Optional<String> contentType, DigestAlgorithm algorithm) {
        ManifestDocument doc = ManifestDocument.parse(bytes, contentType);
        return new Raw<>(doc, bytes, Digest.of(algorithm, algorithm.newMessageDigest().digest(bytes)),
                doc.mediaType());
    }

    public static Raw<ManifestDocument> manifest(byte[] bytes, Optional<String> contentType) {
        return manifest(bytes, contentType, DigestAlgorithm.SHA256);
    }

    /** An image config as received. */
    public static Raw<ImageConfig> config(byte[] bytes, String mediaType) {
        return new Raw<>(ImageConfig.parse(bytes), bytes, Digest.sha256(bytes), mediaType);
    }

    /** A new manifest or index, serialised once. */
    public static Raw<ManifestDocument> of(ManifestDocument doc) {
        byte[] json = doc.toJson();
        return new Raw<>(doc, json, Digest.sha256(json), doc.mediaType());
    }

    /** A new image config, serialised once, as an OCI config. */
    public static Raw<ImageConfig> of(ImageConfig config) {
        byte[] json = config.toJson();
        return new Raw<>(config, json, Digest.sha256(json), MediaTypes.OCI_CONFIG);
    }

    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /** The bytes without a copy, read-only: for writing to a channel. */
    public ByteBuffer buffer() {
        return ByteBuffer.wrap(bytes).asReadOnlyBuffer();
    }

    public long size() {
        return bytes.length;
    }

    /** A descriptor of these bytes. */
    public Descriptor descriptor() {
        return Descriptor.of(mediaType, digest, bytes.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Raw<?> r && r.digest.equals(digest) && r.mediaType.equals(mediaType)
                && Arrays.equals(r.bytes, bytes);
    }

    @Override
    public int hashCode() {
        return digest.hashCode();
    }

    @Override
    public String toString() {
        return mediaType + " " + digest + " (" + bytes.length + " bytes)";
    }
}
