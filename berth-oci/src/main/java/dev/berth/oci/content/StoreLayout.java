package dev.berth.oci.content;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.digest.DigestAlgorithm;
import java.nio.file.Path;
import java.util.Optional;

/** Maps blobs and ingests to their paths under a store root; the tree is drawn in {@link LocalContentStore}. */
record StoreLayout(Path root) {
    Path blobs() {
        return root.resolve("blobs");
    }

    Path blobs(DigestAlgorithm algorithm) {
        return blobs().resolve(algorithm.id());
    }

    Path blob(Digest digest) {
        return blobs(digest.algorithm()).resolve(digest.encoded());
    }

    /** The digest a file under {@code blobs/<alg>/} stands for, or empty when its name is not a digest. */
    static Optional<Digest> blobDigest(DigestAlgorithm algorithm, Path file) {
        String text = algorithm.id() + ":" + file.getFileName();
        return Digest.isValid(text) ? Optional.of(Digest.parse(text)) : Optional.empty();
    }

    Path ingests() {
        return root.resolve("ingest");
    }

    /** Refs are free text, so the directory is named by their hash. */
    IngestDir ingest(String ref) {
        return new IngestDir(ingests().resolve(Digest.sha256(ref).encoded()));
    }
}
