package dev.berth.engine;

import dev.berth.engine.api.ApiServer;
import dev.berth.engine.api.BuildRoutes;
import dev.berth.engine.api.ContainerRoutes;
import dev.berth.engine.api.DistributionRoutes;
import dev.berth.engine.api.ImageRoutes;
import dev.berth.engine.api.MountJson;
import dev.berth.engine.api.NetworkRoutes;
import dev.berth.engine.api.Router;
import dev.berth.engine.api.SystemRoutes;
import dev.berth.engine.api.VolumeRoutes;
import dev.berth.engine.build.Builder;
import dev.berth.engine.build.DistributionBaseImages;
import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.config.DataRoot;
import dev.berth.engine.config.DataRootLock;
import dev.berth.engine.config.RuntimeStateDir;
import dev.berth.engine.container.Container;
import dev.berth.engine.container.ContainerSetup;
import dev.berth.engine.container.Containers;
import dev.berth.engine.distribution.Distribution;
import dev.berth.engine.event.EventBus;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.network.Networks;
import dev.berth.engine.volume.ContainerVolumes;
import dev.berth.engine.volume.VolumeHook;
import dev.berth.engine.volume.VolumeStore;
import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * A running berthd: the data root locked, the image store open, the API listening. {@link #close()} undoes it in
 * reverse order; it is what SIGTERM runs.
 */
public final class Daemon implements AutoCloseable {
    private final DataRoot root;
    private final DataRootLock lock;
    private final ImageStore images;
    private final VolumeStore volumes;
    private final Distribution distribution;
    private final Containers containers;
    private final ApiServer server;
    private final Networks networks;
    private final Builder builder;

    private Daemon(DataRoot root, DataRootLock lock, ImageStore images, VolumeStore volumes, Distribution distribution,
            Containers containers, ApiServer server, Networks networks, Builder builder) {
        this.builder = builder;
        this.root = root;
        this.lock = lock;
        this.images = images;
        this.volumes = volumes;
        this.distribution = distribution;
        this.containers = containers;
        this.server = server;
        this.networks = networks;
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
        VolumeStore volumes = null;
        Distribution distribution = null;
        Networks networks = null;
        Containers containers = null;
        Builder builder = null;
        try {
            root.prepare();
            EventBus events = new EventBus();
            images = ImageStore.open(root, events);
            RuntimeStateDir runtimeState = RuntimeStateDir.of(root).prepare();
            networks = Networks.open(new Networks.Settings(root.root().resolve("network"), config.bridge().bridge(),
                    config.bridge().bip(), config.bridge().ip(), dev.berth.engine.network.Cni.DEFAULT_PLUGIN_DIR,
                    runtimeState.hostFiles()),
                    events, dev.berth.engine.snapshot.Discard.into(root.tmp()));
            containers = ContainerSetup.open(root, runtimeState, config, images);
            Router router = new Router();
            volumes = VolumeStore.open(root.volumes(), images.events());
            VolumeRoutes volumeRoutes = new VolumeRoutes(volumes);
            volumeRoutes.register(router);
            new ImageRoutes(images).register(router);
            distribution = new Distribution(config, images);
            new DistributionRoutes(distribution).register(router);
            new NetworkRoutes(networks).register(router);
            builder = Builder.open(root, images, new DistributionBaseImages(distribution, images));
            new BuildRoutes(builder, distribution).register(router);
            Containers containerService = containers;
            VolumeHook volumeHook = new VolumeHook(new ContainerVolumes(volumes), root.mountPoints(),
                    name -> containerService.get(name).id());
            containers.addHook(volumeHook);
            volumeHook.restore(containers.list().stream().map(Container::id).collect(Collectors.toSet()));
            containers.addHook(new dev.berth.engine.network.NetworkHook(networks));
            ContainerRoutes containerRoutes = new ContainerRoutes(containers);
            containerRoutes.decorateInspect((c, n) -> n.set("Mounts", MountJson.inspect(volumeHook.mountPoints(c.id()))));
            dev.berth.engine.api.ContainerNetworkJson.decorate(containerRoutes, networks);
            new dev.berth.engine.api.ContainerOpsRoutes(containers, containerRoutes, id -> volumeHook.mountPoints(id)
                    .stream().filter(m -> m.type() != dev.berth.engine.volume.MountPoint.Type.TMPFS)
                    .map(m -> new dev.berth.engine.archive.ContainerArchive.Mount(m.destination(), Path.of(m.source()),
                            m.rw())).toList())
                    .register(router);
            containerRoutes.register(router);
            Containers listed = containers;
            new SystemRoutes(config, images, engineId(root.root()), new SystemRoutes.Usage(
                    () -> listed.list().stream().map(Container::state).toList(), containerRoutes::diskUsage,
                    volumeRoutes::diskUsage)).register(router);
            containers.restore();
            ApiServer server = ApiServer.start(config, router, SystemRoutes::commonHeaders);
            return new Daemon(root, lock, images, volumes, distribution, containers, server, networks, builder);
        } catch (RuntimeException e) {
            if (builder != null) {
                builder.close();
            }
            if (containers != null) {
                containers.close();
            }
            if (networks != null) {
                networks.close();
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

    public Networks networks() {
        return networks;
    }

    public ImageStore images() {
        return images;
    }

    public VolumeStore volumes() {
        return volumes;
    }

    public Containers containers() {
        return containers;
    }

    @Override
    public void close() {
        try {
            server.close();
            distribution.close();
            builder.close();
            containers.close();
            networks.close();
            // What no container's state holds goes (one left running keeps its state for the next daemon).
            RuntimeStateDir.of(root).removeIfUnused();
        } finally {
            try {
                images.close();
            } finally {
                lock.close();
            }
        }
    }
}
