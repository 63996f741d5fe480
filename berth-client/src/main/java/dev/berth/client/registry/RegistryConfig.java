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
 * {@code host:port} or CIDRs reached over plain http), where credentials come from, and where Docker Hub itself is
 * served ({@code https://registry-1.docker.io}; another endpoint stands in for it in an air-gapped setup or a test).
 */
public record RegistryConfig(Map<String, List<URI>> mirrors, List<String> insecureRegistries,
        CredentialStore credentials, URI dockerHubEndpoint) {
    /** Docker Hub's Distribution API endpoint. */
    public static final URI DOCKER_HUB_ENDPOINT = URI.create("https://registry-1.docker.io");

    public RegistryConfig {
        mirrors = Map.copyOf(mirrors);
        mirrors.values().forEach(Objects::requireNonNull);
        mirrors = mirrors.entrySet().stream()
                .collect(java.util.stream.Collectors.toUnmodifiableMap(Map.Entry::getKey, e -> List.copyOf(e.getValue())));
        insecureRegistries = List.copyOf(insecureRegistries);
        Objects.requireNonNull(credentials, "credentials");
        Objects.requireNonNull(dockerHubEndpoint, "dockerHubEndpoint");
    }

    /** No mirrors, no insecure registries, no credentials. */
    public static RegistryConfig defaults() {
        return new RegistryConfig(Map.of(), List.of(), CredentialStore.none(), DOCKER_HUB_ENDPOINT);
    }

    public RegistryConfig withCredentials(CredentialStore store) {
        return new RegistryConfig(mirrors, insecureRegistries, store, dockerHubEndpoint);
    }

    public RegistryConfig withInsecureRegistries(List<String> registries) {
        return new RegistryConfig(mirrors, registries, credentials, dockerHubEndpoint);
    }

    /** Mirrors tried, in order, before registry {@code domain} itself. */
    public RegistryConfig withMirrors(String domain, List<URI> urls) {
        Map<String, List<URI>> m = new java.util.HashMap<>(mirrors);
        m.put(domain, urls);
        return new RegistryConfig(m, insecureRegistries, credentials, dockerHubEndpoint);
    }

    /** daemon.json {@code registry-mirrors}: mirrors of Docker Hub only, as in dockerd. */
    public RegistryConfig withDockerHubMirrors(List<URI> urls) {
        return withMirrors(Reference.DOCKER_HUB, urls);
    }

    /** Where {@code docker.io} is served instead of {@link #DOCKER_HUB_ENDPOINT}; mirrors are still tried first. */
    public RegistryConfig withDockerHubEndpoint(URI endpoint) {
        return new RegistryConfig(mirrors, insecureRegistries, credentials, endpoint);
    }
}
