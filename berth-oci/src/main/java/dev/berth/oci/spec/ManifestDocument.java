package dev.berth.oci.spec;

import dev.berth.oci.error.BerthException;
import java.util.Map;
import java.util.Optional;

/** What a registry's manifests endpoint stores: an image {@link Manifest} or an {@link Index}. */
public sealed interface ManifestDocument permits Manifest, Index {
    String mediaType();

    Optional<Descriptor> subject();

    Optional<String> artifactType();

    Map<String, String> annotations();

    byte[] toJson();

    /** Parses either kind, by the body's mediaType, else {@code contentType}, else its shape. */
    static ManifestDocument parse(byte[] json, Optional<String> contentType) {
        String type = MediaTypes.resolve(Json.object(json, "manifest"), contentType, "manifest");
        if (MediaTypes.isIndex(type)) {
            return Index.parse(json, Optional.of(type));
        }
        if (MediaTypes.isManifest(type)) {
            return Manifest.parse(json, Optional.of(type));
        }
        throw BerthException.invalid("manifest: unsupported media type " + type);
    }
}
