package dev.berth.oci.layout;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.spec.Descriptor;
import java.util.List;
import java.util.Objects;

/**
 * What {@link ImageBuilder#build} stored: the manifest (what a tag points to; its descriptor carries the platform,
 * ready for an index), the config and each layer.
 */
public record BuiltImage(Descriptor manifest, Digest config, List<LayerDigests> layers) {
    public BuiltImage {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
    }
}
