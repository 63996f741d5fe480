package dev.berth.engine.distribution;

import dev.berth.client.auth.Credentials;
import dev.berth.client.pull.PullEvent;
import dev.berth.client.pull.PullOptions;
import dev.berth.client.pull.PulledImage;
import dev.berth.client.pull.Puller;
import dev.berth.client.registry.RegistryClient;
import dev.berth.client.registry.RegistryConfig;
import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.image.ImageStore;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Platform;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * berthd's side of the registries: pulls into the image store with berth-client's {@link Puller}, configured from
 * daemon.json ({@code registry-mirrors}, {@code insecure-registries}, {@code max-concurrent-downloads}). Anonymous
 * pulls share one puller, so concurrent pulls of a blob fetch it once; a pull with the client's credentials gets a
 * client of its own.
 */
public final class Distribution implements AutoCloseable {
    private final RegistryConfig registryConfig;
    private final PullOptions options;
    private final StorePullTarget target;
    private final RegistryClient shared;
    private final Puller puller;

    public Distribution(DaemonConfig config, ImageStore store) {
        List<URI> mirrors = config.registryMirrors().stream().map(URI::create).toList();
        this.registryConfig = RegistryConfig.defaults().withInsecureRegistries(config.insecureRegistries())
                .withDockerHubMirrors(mirrors);
        this.options = PullOptions.defaults().withMaxConcurrentDownloads(config.maxConcurrentDownloads());
        this.target = new StorePullTarget(store);
        this.shared = new RegistryClient(registryConfig);
        this.puller = new Puller(shared, target, options);
    }

    /** Pulls {@code ref} for {@code platform} (the host's when empty), reporting docker's progress events. */
    public PulledImage pull(Reference ref, Optional<Platform> platform, Optional<Credentials> credentials,
            Consumer<PullEvent> events) {
        if (credentials.isEmpty()) {
            return puller.pull(ref, platform, events);
        }
        try (RegistryClient client = new RegistryClient(registryConfig.withCredentials(host -> credentials))) {
            return new Puller(client, target, options).pull(ref, platform, events);
        }
    }

    /** A registry client with {@code credentials}, or the shared anonymous one; close it when it is not shared. */
    public RegistryClient client(Optional<Credentials> credentials) {
        return credentials.isEmpty() ? shared
                : new RegistryClient(registryConfig.withCredentials(host -> credentials));
    }

    public boolean isShared(RegistryClient client) {
        return client == shared;
    }

    @Override
    public void close() {
        shared.close();
    }
}
