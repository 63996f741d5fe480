package dev.berth.registry.api;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;

/** The {@code <reference>} of a manifests URL: a tag or a digest. */
public sealed interface ManifestReference {
    record ByTag(Tag tag) implements ManifestReference {
        @Override
        public String toString() {
            return tag.toString();
        }
    }

    record ByDigest(Digest digest) implements ManifestReference {
        @Override
        public String toString() {
            return digest.toString();
        }
    }

    /** A reference with a colon is a digest (tags cannot hold one), anything else a tag. */
    static ManifestReference parse(String text) {
        if (text.indexOf(':') >= 0) {
            try {
                return new ByDigest(Digest.parse(text));
            } catch (BerthException e) {
                throw new RegistryException(ErrorCode.DIGEST_INVALID, e.getMessage());
            }
        }
        if (!Tag.isValid(text)) {
            throw new RegistryException(ErrorCode.MANIFEST_INVALID, "invalid reference \"" + text
                    + "\": neither a tag nor a digest");
        }
        return new ByTag(new Tag(text));
    }
}
