package dev.berth.registry;

import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.gc.GarbageCollector;
import dev.berth.registry.gc.GcConfig;
import dev.berth.registry.gc.GcScheduler;
import dev.berth.registry.handler.ApiRouter;
import dev.berth.registry.http.RegistryHooks;
import dev.berth.registry.http.RegistryServer;
import dev.berth.registry.storage.RegistryStorage;
import dev.berth.registry.search.SearchEndpoint;
import dev.berth.registry.web.WebPageEndpoint;
import java.util.Optional;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A running registry: the storage at the configured root, the API behind the configured hooks, and the housekeeping
 * that closes upload writers left idle (their bytes stay for a later request). {@link #close} stops serving
 * gracefully, then releases the writers.
 */
public final class Registry implements AutoCloseable {
    static final Duration IDLE_UPLOAD = Duration.ofMinutes(5);
    private static final System.Logger GC_LOG = System.getLogger(GarbageCollector.class.getName());

    private final RegistryConfig config;
    private final RegistryStorage storage;
    private final RegistryServer server;
    private final ScheduledExecutorService housekeeping;
    private final Optional<GcScheduler> gc;

    private Registry(RegistryConfig config, RegistryStorage storage, RegistryServer server,
            ScheduledExecutorService housekeeping, Optional<GcScheduler> gc) {
        this.config = config;
        this.storage = storage;
        this.server = server;
        this.housekeeping = housekeeping;
        this.gc = gc;
    }

    public static Registry start(RegistryConfig config, RegistryHooks hooks) {
        return start(config, RegistryStorage.open(config.root()), hooks);
    }

    public static Registry start(RegistryConfig config, RegistryStorage storage, RegistryHooks hooks) {
        return start(config, storage, hooks, GcScheduler.Listener.NONE);
    }

    /**
     * Serves {@code storage} with the API, the web page at {@code /}, docker's v1 search and, when the config's
     * {@code gc} section enables it, scheduled garbage collection, each run told to {@code gcRuns}.
     */
    public static Registry start(RegistryConfig config, RegistryStorage storage, RegistryHooks hooks,
            GcScheduler.Listener gcRuns) {
        GcConfig gcConfig = GcConfig.from(config);
        hooks = hooks.withEndpoint(new WebPageEndpoint(storage, hooks.guard()))
                .withEndpoint(new SearchEndpoint(storage, hooks.guard()));
        ApiRouter api = new ApiRouter(storage, config.delete().enabled(), hooks.guard());
        RegistryServer server = RegistryServer.start(config.addr().socketAddress(), api, hooks);
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("registry-housekeeping").daemon().factory());
        housekeeping.scheduleWithFixedDelay(() -> storage.uploads().closeIdle(IDLE_UPLOAD), 1, 1, TimeUnit.MINUTES);
        Optional<GcScheduler> gc = gcConfig.enabled() ? Optional.of(GcScheduler.start(new GarbageCollector(storage,
                line -> GC_LOG.log(System.Logger.Level.DEBUG, line)), gcConfig, gcRuns)) : Optional.empty();
        return new Registry(config, storage, server, housekeeping, gc);
    }

    public RegistryConfig config() {
        return config;
    }

    public RegistryStorage storage() {
        return storage;
    }

    public RegistryServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        try {
            gc.ifPresent(GcScheduler::close);
            server.close();
        } finally {
            housekeeping.shutdownNow();
            storage.uploads().closeAll();
        }
    }
}
