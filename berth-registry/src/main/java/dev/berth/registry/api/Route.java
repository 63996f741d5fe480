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
        return Optional.empty();
    }

    /** A short name for logs and metrics, e.g. {@code manifest}. */
    String kind();

    /** end-1: {@code /v2/}. */
    record Base() implements Route {
        @Override
        public String kind() {
            return "base";
        }
    }

    /** {@code /v2/_catalog}. */
    record Catalog() implements Route {
        @Override
        public String kind() {
            return "catalog";
        }
    }

    /** end-8: {@code /v2/<name>/tags/list}. */
    record Tags(RepositoryName name) implements Route {
        public Tags {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Optional<RepositoryName> repository() {
            return Optional.of(name);
        }

        @Override
        public String kind() {
            return "tags";
        }
    }

    /** end-3, end-7, end-9: {@code /v2/<name>/manifests/<reference>}. */
    record Manifest(RepositoryName name, String reference) implements Route {
        public Manifest {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(reference, "reference");
        }

        @Override
        public Optional<RepositoryName> repository() {
            return Optional.of(name);
        }

        @Override
        public String kind() {
            return "manifest";
        }
    }

    /** end-2, end-10: {@code /v2/<name>/blobs/<digest>}. */
    record Blob(RepositoryName name, String digest) implements Route {
        public Blob {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(digest, "digest");
        }

        @Override
        public Optional<RepositoryName> repository() {
            return Optional.of(name);
        }

        @Override
        public String kind() {
            return "blob";
        }
    }

    /** end-4a, end-4b, end-11: {@code /v2/<name>/blobs/uploads/}. */
    record UploadStart(RepositoryName name) implements Route {
        public UploadStart {
            Objects.requireNonNull(name, "name");
        }

        @Override
        public Optional<RepositoryName> repository() {
            return Optional.of(name);
        }

        @Override
        public String kind() {
            return "upload";
        }
    }

    /** end-5, end-6, end-13: {@code /v2/<name>/blobs/uploads/<reference>}. */
    record Upload(RepositoryName name, String id) implements Route {
        public Upload {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(id, "id");
        }

        @Override
        public Optional<RepositoryName> repository() {
            return Optional.of(name);
        }

        @Override
        public String kind() {
            return "upload";
        }
    }

    /** end-12: {@code /v2/<name>/referrers/<digest>}. */
    record Referrers(RepositoryName name, Digest subject) implements Route {
        public Referrers {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(subject, "subject");
        }

        @Override
        public Optional<RepositoryName> repository() {
            return Optional.of(name);
        }

        @Override
        public String kind() {
            return "referrers";
        }
    }
}
