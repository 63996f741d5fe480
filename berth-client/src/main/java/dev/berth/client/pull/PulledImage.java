package dev.berth.client.pull;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.ImageConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a pull produced, for the image store to record; all blobs named here are in the content store.
 *
 * @param reference what was pulled, normalised as docker resolves it: {@code docker.io/library/busybox:latest}, or
 *     by digest {@code …@sha256:…}
 * @param resolved the digest the reference resolved to (the index's for a multi-platform image): the
 *     {@code RepoDigests} entry and the {@code Digest:} line
 * @param index the index or manifest list the platform was chosen from, if the reference named one
 * @param manifest the manifest of the chosen platform
 * @param config the config blob; its digest is docker's image ID
 * @param layers the layers, bottom first
 */
public record PulledImage(Reference reference, Digest resolved, Optional<Descriptor> index, Descriptor manifest,
        Descriptor config, ImageConfig imageConfig, List<LayerKey> layers) {
    public PulledImage {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(resolved, "resolved");
        Objects.requireNonNull(index, "index");
        Objects.requireNonNull(manifest, "manifest");
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(imageConfig, "imageConfig");
        layers = List.copyOf(layers);
    }

    /** Docker's image ID: the config's digest. */
    public Digest id() {
        return config.digest();
    }
}
