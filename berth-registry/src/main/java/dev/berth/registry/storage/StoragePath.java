package dev.berth.registry.storage;

import dev.berth.oci.digest.Digest;
import dev.berth.registry.api.RepositoryName;
import dev.berth.registry.api.Tag;
import java.util.UUID;

/**
 * Every kind of metadata file and directory of the registry, and the one function that places them
 * (after distribution's {@code registry/storage/paths.go}). The whole root:
 *
 * <pre>
 * ROOT/
 * ├── content/                                  berth-oci's LocalContentStore: every blob stored once
 * │   ├── blobs/sha256/&lt;hex&gt;                   layers, configs and manifests, read-only, verified
 * │   └── ingest/&lt;sha256(ref)&gt;/                 uploads in progress, ref = "upload-&lt;uuid&gt;"
 * └── repositories/&lt;name&gt;/                     one per repository; name components never start with '_'
 *     ├── _layers/&lt;alg&gt;/&lt;hex&gt;                   link: the blob is readable through this repository (empty)
 *     ├── _manifests/
 *     │   ├── revisions/&lt;alg&gt;/&lt;hex&gt;           link: the manifest is in this repository; holds its media type
 *     │   └── tags/&lt;tag&gt;                       the tag's manifest digest
 *     ├── _referrers/&lt;alg&gt;/&lt;subject hex&gt;/&lt;alg&gt;/&lt;hex&gt;   a manifest whose subject is that digest; its descriptor
 *     └── _uploads/&lt;uuid&gt;                       an upload session of this repository; holds its start time
 * </pre>
 *
 * Blobs are shared by all repositories (deduplicated); access is per repository, through links. A link is written
 * only after its blob is committed, and removed before a blob can be collected.
 */
public sealed interface StoragePath {
    String REPOSITORIES = "repositories";

    record Repository(RepositoryName name) implements StoragePath {}

    record LayerLinks(RepositoryName name) implements StoragePath {}

    record LayerLink(RepositoryName name, Digest digest) implements StoragePath {}

    record Revisions(RepositoryName name) implements StoragePath {}

    record Revision(RepositoryName name, Digest digest) implements StoragePath {}

    record Tags(RepositoryName name) implements StoragePath {}

    record TagLink(RepositoryName name, Tag tag) implements StoragePath {}

    record Referrers(RepositoryName name, Digest subject) implements StoragePath {}

    record Referrer(RepositoryName name, Digest subject, Digest referrer) implements StoragePath {}

    record Uploads(RepositoryName name) implements StoragePath {}

    record Upload(RepositoryName name, UUID id) implements StoragePath {}

    /** The path relative to the driver's root. */
    default String path() {
        return switch (this) {
            case Repository r -> REPOSITORIES + "/" + r.name();
            case LayerLinks l -> repo(l.name()) + "/_layers";
            case LayerLink l -> repo(l.name()) + "/_layers/" + digest(l.digest());
            case Revisions r -> repo(r.name()) + "/_manifests/revisions";
            case Revision r -> repo(r.name()) + "/_manifests/revisions/" + digest(r.digest());
            case Tags t -> repo(t.name()) + "/_manifests/tags";
            case TagLink t -> repo(t.name()) + "/_manifests/tags/" + t.tag();
            case Referrers r -> repo(r.name()) + "/_referrers/" + digest(r.subject());
            case Referrer r -> repo(r.name()) + "/_referrers/" + digest(r.subject()) + "/" + digest(r.referrer());
            case Uploads u -> repo(u.name()) + "/_uploads";
            case Upload u -> repo(u.name()) + "/_uploads/" + u.id();
        };
    }

    private static String repo(RepositoryName name) {
        return REPOSITORIES + "/" + name;
    }

    private static String digest(Digest d) {
        return d.algorithm().id() + "/" + d.encoded();
    }
}
