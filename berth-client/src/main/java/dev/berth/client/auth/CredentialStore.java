package dev.berth.client.auth;

import java.util.Optional;

/** Finds the credentials for a registry, by its host as docker keys them ({@code docker.io}, {@code localhost:5000}). */
@FunctionalInterface
public interface CredentialStore {
    Optional<Credentials> get(String registryHost);

    /** No credentials anywhere: every request is anonymous. */
    static CredentialStore none() {
        return host -> Optional.empty();
    }
}
