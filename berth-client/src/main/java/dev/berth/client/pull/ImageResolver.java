package dev.berth.client.pull;

import dev.berth.client.registry.Repository;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Platform;
import dev.berth.oci.spec.PlatformMatcher;
import dev.berth.oci.spec.Raw;
import java.util.Optional;

/**
 * Resolves a reference to index → platform manifest → config on a registry, with docker's error wording: {@code
 * manifest for busybox:nope not found: manifest unknown: …}, {@code pull access denied for …, repository does not exist
 * or may require 'docker login': …}, {@code no matching manifest for linux/arm64 in the manifest list entries}.
 */
final class ImageResolver {
    /** An image config larger than this is refused before it is read (docker allows 8 MiB). */
    static final int MAX_CONFIG = 8 << 20;

    private ImageResolver() {}

    static ResolvedImage resolve(Repository repo, Reference ref, Optional<Platform> platform) {
        String tagOrDigest = ref.digest().map(Object::toString).orElseGet(() -> ref.tag().orElseThrow());
        Raw<ManifestDocument> top = fetch(repo, ref, tagOrDigest);
        Optional<Raw<ManifestDocument>> index = Optional.empty();
        Raw<ManifestDocument> manifest = top;
        PlatformMatcher matcher = platform.map(PlatformMatcher::only).orElseGet(PlatformMatcher::host);
        if (top.value() instanceof Index list) {
            Descriptor chosen = list.select(matcher).orElseThrow(() -> BerthException.notFound(
                    "no matching manifest for " + matcher.accepted().getFirst() + " in the manifest list entries"));
            index = Optional.of(top);
            manifest = fetch(repo, ref, chosen.digest().toString());
            if (!(manifest.value() instanceof Manifest)) {
                throw BerthException.invalid("manifest " + chosen.digest() + " of index " + top.digest()
                        + " is not an image manifest (" + manifest.mediaType() + ")");
            }
        }
        Manifest m = (Manifest) manifest.value();
        if (!MediaTypes.isImageConfig(m.config().mediaType())) {
            throw BerthException.invalid("manifest " + manifest.digest() + " is not an image (config media type "
                    + m.config().mediaType() + ")");
        }
        byte[] configBytes = repo.blob(m.config(), MAX_CONFIG);
        Raw<ImageConfig> config = new Raw<>(ImageConfig.parse(configBytes), configBytes, m.config().digest(),
                m.config().mediaType());
        if (platform.isPresent() && index.isEmpty() && !matcher.matches(config.value().platform())) {
            throw BerthException.notFound("image with reference " + ref.familiarString()
                    + " was found but does not match the specified platform: wanted " + platform.get()
                    + ", actual: " + config.value().platform());
        }
        return new ResolvedImage(top, index, manifest, config);
    }

    private static Raw<ManifestDocument> fetch(Repository repo, Reference ref, String tagOrDigest) {
        try {
            return repo.manifest(tagOrDigest);
        } catch (BerthException e) {
            String detail = e.getMessage();
            if (e.kind() == ErrorKind.UNAUTHORIZED || e.kind() == ErrorKind.DENIED
                    || e.kind() == ErrorKind.NOT_FOUND && detail.contains("name unknown")) {
                throw new BerthException(e.kind() == ErrorKind.NOT_FOUND ? ErrorKind.NOT_FOUND : e.kind(),
                        "pull access denied for " + ref.familiarName()
                                + ", repository does not exist or may require 'docker login': " + detail, e);
            }
            if (e.kind() == ErrorKind.NOT_FOUND) {
                throw new BerthException(ErrorKind.NOT_FOUND, "manifest for " + ref.familiarString()
                        + " not found: " + detail, e);
            }
            throw e;
        }
    }
}
