package dev.berth.engine.build;

import dev.berth.engine.image.ImageLayer;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.ContainerConfig;
import dev.berth.oci.spec.ImageConfig;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The image a build step starts from or makes: its config (stored in the content store under {@code id}, except for
 * {@code scratch}, which has none) and its layers, base first.
 */
public record BuildImage(Optional<Digest> id, ImageConfig config, List<ImageLayer> layers) {
    public BuildImage {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(config, "config");
        layers = List.copyOf(layers);
    }

    /** What the cache keys a step's parent by: the image ID, or {@code scratch} and the platform. */
    public String cacheId() {
        return id.map(Digest::toString).orElse("scratch " + config.platform());
    }

    public ContainerConfig containerConfig() {
        return config.configOrEmpty();
    }

    /** The layer directories' chain ID of the top layer. */
    public Optional<Digest> topChainId() {
        return layers.isEmpty() ? Optional.empty() : Optional.of(layers.getLast().chainId());
    }

    /** Docker's short ID: 12 hex digits. */
    public String shortId() {
        return id.map(d -> d.encoded().substring(0, 12)).orElse("scratch");
    }
}
