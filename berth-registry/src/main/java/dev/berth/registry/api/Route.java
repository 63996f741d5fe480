package dev.berth.registry.api;

import dev.berth.oci.digest.Digest;
import java.util.Objects;
import java.util.Optional;

/**
 * The endpoints of the OCI Distribution Specification v1.1 ("Endpoints" table), one record per URL shape; the method
 * picks the operation. {@link RouteParser} maps a path to a route.
 */
public sealed interface Route {
    /** The repository the route addresses, empty for {@code /v2/} and {@code /v2/_catalog}. */
    default Optional<RepositoryName> repository() {
        return this instanceof InRepository r ? Optional.of(r.name()) : Optional.empty();
    }

    /** A short name for logs and metrics, e.g. {@code manifest}. */
    default String kind() {
        return switch (this) {
            case Base b -> "base";
            case Catalog c -> "catalog";
            case Tags t -> "tags";
            case Manifest m -> "manifest";
            case Blob b -> "blob";
            case UploadStart u -> "upload";
            case Upload u -> "upload";
            case Referrers r -> "referrers";
        };
    }

    /** The routes under {@code /v2/<name>/}. */
    sealed interface InRepository extends Route {
        RepositoryName name();
    }

    /** end-1: {@code /v2/}. */
    record Base() implements Route {}

    /** {@code /v2/_catalog}. */
    record Catalog() implements Route {}

    /** end-8: {@code /v2/<name>/tags/list}. */
    record Tags(RepositoryName name) implements InRepository {
        public Tags {
            Objects.requireNonNull(name, "name");
        }
    }

    /** end-3, end-7, end-9: {@code /v2/<name>/manifests/<reference>}. */
    record Manifest(RepositoryName name, String reference) implements InRepository {
        public Manifest {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reference, "reference");
        }
    }

    /** end-2, end-10: {@code /v2/<name>/blobs/<digest>}. */
    record Blob(RepositoryName name, String digest) implements InRepository {
        public Blob {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(digest, "digest");
        }
    }

    /** end-4a, end-4b, end-11: {@code /v2/<name>/blobs/uploads/}. */
    record UploadStart(RepositoryName name) implements InRepository {
        public UploadStart {
            Objects.requireNonNull(name, "name");
        }
    }

    /** end-5, end-6, end-13: {@code /v2/<name>/blobs/uploads/<reference>}. */
    record Upload(RepositoryName name, String id) implements InRepository {
        public Upload {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(id, "id");
        }
    }

    /** end-12: {@code /v2/<name>/referrers/<digest>}. */
    record Referrers(RepositoryName name, Digest subject) implements InRepository {
        public Referrers {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(subject, "subject");
        }
    }
}
