package dev.berth.engine;

import dev.berth.engine.api.ApiServer;
import dev.berth.engine.api.ContainerRoutes;
import dev.berth.engine.container.ContainerSetup;
import dev.berth.engine.container.Containers;
import dev.berth.engine.api.DistributionRoutes;
import dev.berth.engine.api.ImageRoutes;
import dev.berth.engine.api.Router;
import dev.berth.engine.api.SystemRoutes;
import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.config.DataRoot;
import dev.berth.engine.config.DataRootLock;
import dev.berth.engine.distribution.Distribution;
import dev.berth.engine.event.EventBus;
import dev.berth.engine.image.ImageStore;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

/**
 * A running berthd: the data root locked, the image store open, the API listening. {@link #close()} undoes it in
 * reverse order; it is what SIGTERM runs.
 */
public final class Daemon implements AutoCloseable {
    private final DataRootLock lock;
    private final ImageStore images;
    private final Distribution distribution;
    private final Containers containers;
    private final ApiServer server;

    private Daemon(DataRootLock lock, ImageStore images, Distribution distribution, Containers containers,
            ApiServer server) {
        this.lock = lock;
        this.images = images;
        this.distribution = distribution;
        this.containers = containers;
        this.server = server;
    }

    public static Daemon start(DaemonConfig config) {
        DataRoot root = new DataRoot(config.dataRoot());
        try {
            Files.createDirectories(root.root());
        } catch (IOException e) {
            throw BerthException.io("create data root " + root.root(), e);
        }
        DataRootLock lock = DataRootLock.acquire(root);
        ImageStore images = null;
        Distribution distribution = null;
        Containers containers = null;
        try {
            root.prepare();
            images = ImageStore.open(root, new EventBus());
            containers = ContainerSetup.open(root, config, images);
            Router router = new Router();
            new SystemRoutes(config, images, engineId(root.root())).register(router);
            new ImageRoutes(images).register(router);
            distribution = new Distribution(config, images);
            new DistributionRoutes(distribution).register(router);
            new ContainerRoutes(containers).register(router);
            containers.restore();
            ApiServer server = ApiServer.start(config, router, SystemRoutes::commonHeaders);
            return new Daemon(lock, images, distribution, containers, server);
        } catch (RuntimeException e) {
            if (containers != null) {
                containers.close();
            }
            if (distribution != null) {
                distribution.close();
            }
            if (images != null) {
                images.close();
            }
            lock.close();
            throw e;
        }
    }

    /** A stable ID for {@code /info}, kept in the data root as dockerd keeps its engine ID. */
    private static String engineId(Path root) {
        Path file = root.resolve("engine-id");
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).strip();
            }
            String id = UUID.randomUUID().toString();
            Files.writeString(file, id + "\n", StandardCharsets.UTF_8);
            return id;
        } catch (IOException e) {
            throw BerthException.io("engine ID " + file, e);
        }
    }

    public ApiServer server() {
        return server;
    }

    public ImageStore images() {
        return images;
    }

    public Containers containers() {
        return containers;
    }

    @Override
    public void close() {
        try {
            server.close();
            distribution.close();
            containers.close();
        } finally {
            try {
                images.close();
            } finally {
                lock.close();
            }
        }
    }
}
