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
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.registry.Repository;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.Platform;
import dev.berth.oci.spec.Raw;
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

    private final ImageStore store;

    public Distribution(DaemonConfig config, ImageStore store) {
        this.store = store;
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

    /** Checks {@code credentials} on the registry of {@code serverAddress} ({@code POST /auth}). */
    public void login(String serverAddress, Credentials credentials) {
        new RegistryLogin(shared.hosts()).login(serverAddress, credentials);
    }

    public ImageStore store() {
        return store;
    }

    /** Pushes tag {@code tagged} with {@code credentials} (anonymous when empty). */
    public ImagePusher.Pushed push(Reference tagged, Optional<Credentials> credentials,
            ImagePusher.Progress progress) {
        if (credentials.isEmpty()) {
            return new ImagePusher(store).push(tagged, shared, progress);
        }
        try (RegistryClient client = new RegistryClient(registryConfig.withCredentials(host -> credentials))) {
            return new ImagePusher(store).push(tagged, client, progress);
        }
    }

    /**
     * {@code GET /distribution/{name}/json}: the descriptor of what {@code ref} names on its registry, and the
     * platforms it offers (each entry of an index, or the one of a manifest's config).
     */
    public ObjectNode inspect(Reference ref, Optional<Credentials> credentials) {
        if (credentials.isEmpty()) {
            return inspect(ref, shared);
        }
        try (RegistryClient client = new RegistryClient(registryConfig.withCredentials(host -> credentials))) {
            return inspect(ref, client);
        }
    }

    private static ObjectNode inspect(Reference ref, RegistryClient client) {
        Repository repo = client.forPull(ref);
        String tagOrDigest = ref.digest().map(Object::toString).orElseGet(() -> ref.tag().orElseThrow());
        Raw<ManifestDocument> top = repo.manifest(tagOrDigest);
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        ObjectNode descriptor = out.putObject("Descriptor");
        descriptor.put("mediaType", top.mediaType());
        descriptor.put("digest", top.digest().toString());
        descriptor.put("size", top.size());
        ArrayNode platforms = out.putArray("Platforms");
        switch (top.value()) {
            case Index index -> index.manifests().forEach(m -> m.platform().ifPresent(p -> platforms.add(platform(p))));
            case Manifest m -> platforms.add(platform(ImageConfig.parse(repo.blob(m.config(), 8 << 20)).platform()));
        }
        return out;
    }

    private static ObjectNode platform(Platform p) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("architecture", p.architecture());
        n.put("os", p.os());
        p.variant().ifPresent(v -> n.put("variant", v));
        return n;
    }

    @Override
    public void close() {
        shared.close();
    }
}
