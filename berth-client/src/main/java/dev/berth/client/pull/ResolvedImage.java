package dev.berth.client.pull;

import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.Raw;
import java.util.Optional;

/**
 * What a reference resolves to on a registry before any layer is fetched: the document it names as received (an index
 * or a manifest), the manifest of the chosen platform, and its config, each with the exact bytes that were digested.
 */
record ResolvedImage(Raw<ManifestDocument> top, Optional<Raw<ManifestDocument>> index, Raw<ManifestDocument> manifest,
        Raw<ImageConfig> config) {
    Manifest manifestValue() {
        return (Manifest) manifest.value();
    }
}
