package dev.berth.oci.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.oci.error.BerthException;
import java.util.Optional;
import java.util.Set;

/**
 * Media types of the OCI image spec (v1.1, "Media Types") and of Docker's image manifest v2 schema 2,
 * with the questions callers ask of them.
 */
public final class MediaTypes {
    private MediaTypes() {}

    public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    public static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    public static final String OCI_LAYOUT_HEADER = "application/vnd.oci.layout.header.v1+json";
    public static final String OCI_EMPTY = "application/vnd.oci.empty.v1+json";
    public static final String OCI_LAYER_TAR = "application/vnd.oci.image.layer.v1.tar";
    public static final String OCI_LAYER_GZIP = "application/vnd.oci.image.layer.v1.tar+gzip";
    public static final String OCI_LAYER_ZSTD = "application/vnd.oci.image.layer.v1.tar+zstd";
    public static final String OCI_LAYER_NONDIST_TAR = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_LAYER_NONDIST_GZIP = "application/vnd.oci.image.layer.nondistributable.v1.tar+gzip";
    public static final String OCI_LAYER_NONDIST_ZSTD = "application/vnd.oci.image.layer.nondistributable.v1.tar+zstd";

    public static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    public static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    public static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";
    public static final String DOCKER_LAYER_GZIP = "application/vnd.docker.image.rootfs.diff.tar.gzip";
    public static final String DOCKER_LAYER_TAR = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_LAYER_FOREIGN_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public static final String DOCKER_PLUGIN_CONFIG = "application/vnd.docker.plugin.v1+json";

    private static final Set<String> INDEXES = Set.of(OCI_INDEX, DOCKER_MANIFEST_LIST);
    private static final Set<String> MANIFESTS = Set.of(OCI_MANIFEST, DOCKER_MANIFEST);
    private static final Set<String> CONFIGS = Set.of(OCI_CONFIG, DOCKER_CONFIG);
    private static final Set<String> NON_DISTRIBUTABLE = Set.of(
            OCI_LAYER_NONDIST_TAR, OCI_LAYER_NONDIST_GZIP, OCI_LAYER_NONDIST_ZSTD, DOCKER_LAYER_FOREIGN_GZIP);

    public static boolean isIndex(String mediaType) {
        return INDEXES.contains(mediaType);
    }

    public static boolean isManifest(String mediaType) {
        return MANIFESTS.contains(mediaType);
    }

    /** An index or a manifest: what the registry's manifests endpoint stores. */
    public static boolean isManifestOrIndex(String mediaType) {
        return isIndex(mediaType) || isManifest(mediaType);
    }

    public static boolean isImageConfig(String mediaType) {
        return CONFIGS.contains(mediaType);
    }

    /** A layer of a known kind (tar, gzip, zstd; distributable or not). */
    public static boolean isLayer(String mediaType) {
        return compressionOf(mediaType).isPresent();
    }

    /** Foreign / non-distributable layers: may be absent from a registry, fetched from {@code urls} instead. */
    public static boolean isNonDistributable(String mediaType) {
        return NON_DISTRIBUTABLE.contains(mediaType);
    }

    /** The compression of a layer media type, empty when the type is not a layer type Berth knows. */
    public static Optional<Compression> compressionOf(String mediaType) {
        return switch (mediaType) {
            case OCI_LAYER_TAR, OCI_LAYER_NONDIST_TAR, DOCKER_LAYER_TAR -> Optional.of(Compression.NONE);
            case OCI_LAYER_GZIP, OCI_LAYER_NONDIST_GZIP, DOCKER_LAYER_GZIP, DOCKER_LAYER_FOREIGN_GZIP ->
                    Optional.of(Compression.GZIP);
            case OCI_LAYER_ZSTD, OCI_LAYER_NONDIST_ZSTD -> Optional.of(Compression.ZSTD);
            default -> Optional.empty();
        };
    }

    /** The OCI layer media type for {@code compression}. */
    public static String ociLayer(Compression compression) {
        return switch (compression) {
            case NONE -> OCI_LAYER_TAR;
            case GZIP -> OCI_LAYER_GZIP;
            case ZSTD -> OCI_LAYER_ZSTD;
        };
    }

    /**
     * The media type of a manifest or index body that may carry none (OCI makes the field optional): its own
     * {@code mediaType}, else the shape ({@code manifests} → index, {@code config} → manifest).
     */
    public static String detect(byte[] json) {
        return resolve(Json.object(json, "manifest"), Optional.empty(), "manifest");
    }

    /**
     * The media type of a received document: its own {@code mediaType} field, which must agree with the type it was
     * received as ({@code contentType}, when that names a manifest or index); else {@code contentType}; else the shape.
     */
    static String resolve(ObjectNode node, Optional<String> contentType, String what) {
        Optional<String> declared = Json.text(node, "mediaType", what);
        Optional<String> received = contentType.map(MediaTypes::stripParameters).filter(MediaTypes::isManifestOrIndex);
        if (declared.isPresent() && received.isPresent() && !declared.get().equals(received.get())) {
            throw BerthException.invalid(what + ": mediaType " + declared.get() + " does not match Content-Type "
                    + received.get());
        }
        if (declared.isPresent()) {
            return declared.get();
        }
        if (received.isPresent()) {
            return received.get();
        }
        JsonNode manifests = node.get("manifests");
        if (manifests != null && manifests.isArray()) {
            return OCI_INDEX;
        }
        if (node.has("config")) {
            return OCI_MANIFEST;
        }
        throw BerthException.invalid(what + ": neither a manifest nor an index (no mediaType, config or manifests)");
    }

    /** {@code application/json; charset=utf-8} → {@code application/json}. */
    public static String stripParameters(String contentType) {
        int semi = contentType.indexOf(';');
        return (semi < 0 ? contentType : contentType.substring(0, semi)).trim();
    }
}
