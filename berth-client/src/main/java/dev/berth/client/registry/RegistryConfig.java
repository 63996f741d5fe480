package dev.berth.client.registry;

import dev.berth.client.auth.CredentialStore;
import dev.berth.oci.reference.Reference;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * How registries are reached, in the terms of dockerd's {@code daemon.json}: mirrors per registry domain
 * ({@code registry-mirrors} are Docker Hub's: {@link #withDockerHubMirrors}), {@code insecure-registries} (hosts,
 * {@code host:port} or CIDRs reached over plain http), and where credentials come from.
 */
public record RegistryConfig(Map<String, List<URI>> mirrors, List<String> insecureRegistries,
        CredentialStore credentials) {
    public RegistryConfig {
        mirrors = Map.copyOf(mirrors);
        mirrors.values().forEach(Objects::requireNonNull);
        mirrors = mirrors.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        insecureRegistries = List.copyOf(insecureRegistries);
        Objects.requireNonNull(credentials, "credentials");
    }

    /** No mirrors, no insecure registries, no credentials. */
    public static RegistryConfig defaults() {
        return new RegistryConfig(Map.of(), List.of(), CredentialStore.none());
    }

    public RegistryConfig withCredentials(CredentialStore store) {
        return new RegistryConfig(mirrors, insecureRegistries, store);
    }

    public RegistryConfig withInsecureRegistries(List<String> registries) {
        return new RegistryConfig(mirrors, registries, credentials);
    }

    /** Mirrors tried, in order, before registry {@code domain} itself. */
    public RegistryConfig withMirrors(String domain, List<URI> urls) {
        Map<String, List<URI>> m = new java.util.HashMap<>(mirrors);
        m.put(domain, urls);
        return new RegistryConfig(m, insecureRegistries, credentials);
    }

    /** daemon.json {@code registry-mirrors}: mirrors of Docker Hub only, as in dockerd. */
    public RegistryConfig withDockerHubMirrors(List<URI> urls) {
        return withMirrors(Reference.DOCKER_HUB, urls);
    }
}
