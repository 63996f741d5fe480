package dev.berth.oci.layout;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import java.util.Objects;

/**
 * One element of a {@code docker save} archive's {@code manifest.json} (moby {@code tarexport.manifestItem}): paths
 * inside the archive of the config and of each layer, and the {@code repo:tag} names. Docker writes a missing list
 * as {@code null}; both read as empty.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({"Config", "RepoTags", "Layers"})
record DockerManifestItem(
        @JsonProperty("Config") String config,
        @JsonProperty("RepoTags") @JsonInclude(JsonInclude.Include.ALWAYS) List<String> repoTags,
        @JsonProperty("Layers") List<String> layers) {
    DockerManifestItem {
        Objects.requireNonNull(config, "manifest.json: item without Config");
        repoTags = repoTags == null ? List.of() : List.copyOf(repoTags);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }
}
