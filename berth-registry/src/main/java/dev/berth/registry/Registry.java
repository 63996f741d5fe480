package dev.berth.registry;

import dev.berth.registry.config.RegistryConfig;
import dev.berth.registry.handler.ApiRouter;
import dev.berth.registry.http.RegistryHooks;
import dev.berth.registry.http.RegistryServer;
import dev.berth.registry.storage.RegistryStorage;
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

    private final RegistryConfig config;
    private final RegistryStorage storage;
    private final RegistryServer server;
    private final ScheduledExecutorService housekeeping;

    private Registry(RegistryConfig config, RegistryStorage storage, RegistryServer server,
            ScheduledExecutorService housekeeping) {
        this.config = config;
        this.storage = storage;
        this.server = server;
        this.housekeeping = housekeeping;
    }

    public static Registry start(RegistryConfig config, RegistryHooks hooks) {
        return start(config, RegistryStorage.open(config.root()), hooks);
    }

    public static Registry start(RegistryConfig config, RegistryStorage storage, RegistryHooks hooks) {
        ApiRouter api = new ApiRouter(storage, config.delete().enabled(), hooks.guard());
        RegistryServer server = RegistryServer.start(config.addr().socketAddress(), api, hooks);
        ScheduledExecutorService housekeeping = Executors.newSingleThreadScheduledExecutor(
                Thread.ofPlatform().name("registry-housekeeping").daemon().factory());
        housekeeping.scheduleWithFixedDelay(() -> storage.uploads().closeIdle(IDLE_UPLOAD), 1, 1, TimeUnit.MINUTES);
        return new Registry(config, storage, server, housekeeping);
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
            server.close();
        } finally {
            housekeeping.shutdownNow();
            storage.uploads().closeAll();
        }
    }
}
