package dev.berth.registry.gc;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.api.RepositoryName;
import java.util.Objects;

/** A manifest or blob link of one repository, written {@code name@digest} as distribution's collector prints it. */
public record RepositoryDigest(RepositoryName repository, Digest digest) {
    public RepositoryDigest {
        Objects.requireNonNull(repository, "repository");
        Objects.requireNonNull(digest, "digest");
    }

    @Override
    public String toString() {
        return repository + "@" + digest;
    }
}
