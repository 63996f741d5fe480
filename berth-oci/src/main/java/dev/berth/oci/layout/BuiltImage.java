package dev.berth.oci.layout;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.layer.LayerDigests;
import java.util.List;
import java.util.Objects;

/** What {@link ImageBuilder#build} stored: the manifest (what a tag points to), the config and each layer. */
public record BuiltImage(Digest manifest, long manifestSize, Digest config, List<LayerDigests> layers,
        String platform) {
    public BuiltImage {
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(platform, "platform");
        layers = List.copyOf(layers);
    }
}
