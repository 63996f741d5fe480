package dev.berth.engine.distribution;

import dev.berth.client.auth.Credentials;
import dev.berth.client.pull.PullEvent;
import dev.berth.client.pull.PullOptions;
import dev.berth.client.pull.PulledImage;
import dev.berth.client.pull.Puller;
import dev.berth.client.registry.RegistryClient;
import dev.berth.client.registry.RegistryConfig;
import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.image.ImageStore;
import dev.berth.oci.reference.Reference;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.client.registry.Repository;
import dev.berth.client.registry.SearchResult;
import dev.berth.oci.spec.ImageConfig;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.ManifestDocument;
import dev.berth.oci.spec.Platform;
import dev.berth.oci.spec.Raw;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * berthd's side of the registries: pulls into the image store with berth-client's {@link Puller}, configured from
 * daemon.json ({@code registry-mirrors}, {@code insecure-registries}, {@code max-concurrent-downloads}). One
 * {@link RegistryClient} serves every request, so connections, challenges and tokens are reused, and one puller, so
 * concurrent pulls of a blob fetch it once; a request's credentials ({@code X-Registry-Auth}) only change the login
 * the shared client presents for that request.
 *
 * <p>The system property {@value #DOCKER_HUB_PROPERTY} names an endpoint that serves {@code docker.io} in place of
 * Docker Hub (an air-gapped stand-in; the tests' local registry), behind the configured mirrors as Hub would be.
 */
public final class Distribution implements AutoCloseable {
    public static final String DOCKER_HUB_PROPERTY = "berth.docker-hub-endpoint";

    private final RegistryConfig registryConfig;
    private final PullOptions options;
    private final ImageStore store;
    /** Made at the first registry request: its HTTP client, TLS context and trust store cost an idle daemon ~8 MiB. */
    private Client client;

    private record Client(RegistryClient shared, Puller puller) {}

    public Distribution(DaemonConfig config, ImageStore store) {
        this.store = store;
        List<URI> mirrors = config.registryMirrors().stream().map(URI::create).toList();
        RegistryConfig registryConfig = RegistryConfig.defaults().withInsecureRegistries(config.insecureRegistries())
                .withDockerHubMirrors(mirrors);
        String hub = System.getProperty(DOCKER_HUB_PROPERTY, "");
        if (!hub.isBlank()) {
            registryConfig = registryConfig.withDockerHubEndpoint(URI.create(hub));
        }
        this.registryConfig = registryConfig;
        this.options = PullOptions.defaults().withMaxConcurrentDownloads(config.maxConcurrentDownloads());
    }

    private synchronized Client client() {
        if (client == null) {
            RegistryClient shared = new RegistryClient(registryConfig);
            client = new Client(shared, new Puller(shared, new StorePullTarget(store), options));
        }
        return client;
    }

    private RegistryClient shared() {
        return client().shared();
    }

    /** Pulls {@code ref} for {@code platform} (the host's when empty), reporting docker's progress events. */
    public PulledImage pull(Reference ref, Optional<Platform> platform, Optional<Credentials> credentials,
            Consumer<PullEvent> events) {
        return client().puller().pull(ref, platform, credentials, events);
    }

    /** Checks {@code credentials} on the registry of {@code serverAddress} ({@code POST /auth}). */
    public void login(String serverAddress, Credentials credentials) {
        shared().login(domainOf(serverAddress), credentials);
    }

    /** docker's {@code ConvertToHostname}: the host of {@code https://index.docker.io/v1/} or {@code host:port}. */
    static String domainOf(String serverAddress) {
        String s = serverAddress.strip();
        if (s.isEmpty() || s.contains("index.docker.io") || s.equals("docker.io")) {
            return "docker.io";
        }
        s = s.replaceFirst("^https?://", "");
        int slash = s.indexOf('/');
        return slash < 0 ? s : s.substring(0, slash);
    }

    /** {@code GET /images/search}: what the registry {@code term} names finds for it (see {@link ImageSearch}). */
    public List<SearchResult> search(String term, int limit, Map<String, List<String>> filters) {
        return ImageSearch.search(shared(), term, limit, filters);
    }

    /** Results asked for when the client gives no limit (dockerd's {@code DefaultSearchLimit}). */
    public static int defaultSearchLimit() {
        return ImageSearch.DEFAULT_LIMIT;
    }

    public ImageStore store() {
        return store;
    }

    /** Pushes tag {@code tagged} with {@code credentials} (anonymous when empty). */
    public ImagePusher.Pushed push(Reference tagged, Optional<Credentials> credentials,
            ImagePusher.Progress progress) {
        return new ImagePusher(store).push(tagged, shared().forPush(tagged, credentials), progress);
    }

    /** Pushes {@code images}, one per platform, and an index of them as tag {@code tagged} (see {@link ImagePusher}). */
    public ImagePusher.Pushed pushIndex(Reference tagged, List<ImageRecord> images, Optional<Credentials> credentials,
            ImagePusher.Progress progress) {
        return new ImagePusher(store).pushIndex(tagged, images, shared().forPush(tagged, credentials), progress);
    }

    /**
     * {@code GET /distribution/{name}/json}: the descriptor of what {@code ref} names on its registry, and the
     * platforms it offers (each entry of an index, or the one of a manifest's config).
     */
    public ObjectNode inspect(Reference ref, Optional<Credentials> credentials) {
        Repository repo = shared().forPull(ref, credentials);
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
    public synchronized void close() {
        if (client != null) {
            client.shared().close();
        }
    }
}
