package dev.berth.engine.volume;

import dev.berth.engine.container.Container;
import dev.berth.engine.container.ContainerHook;
import dev.berth.engine.runtime.ContainerSpec;
import dev.berth.engine.runtime.Mount;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Containers' storage at their turning points ({@link ContainerHook}), through {@link ContainerVolumes}: at create
 * the {@code HostConfig}'s binds, mounts and tmpfs and {@code Config.Volumes} (the image's {@code VOLUME}s and
 * {@code -v /dir}) become the container's mount points, kept in {@code DIR/ID.json}; each start adds their runtime
 * mounts to the spec; each stop undoes the volume mounts; removal releases the volumes ({@code rm -v}: removes the
 * anonymous ones).
 */
public final class VolumeHook implements ContainerHook {
    private static final Logger LOG = Logger.getLogger(VolumeHook.class.getName());

    private final ContainerVolumes volumes;
    private final MountPointStore mountPoints;
    private final Function<String, String> containerId;

    /** {@code containerId} resolves a {@code --volumes-from} name or ID prefix (NOT_FOUND when there is none). */
    public VolumeHook(ContainerVolumes volumes, Path dir, Function<String, String> containerId) {
        this.volumes = volumes;
        this.mountPoints = new MountPointStore(dir);
        this.containerId = containerId;
    }

    /** Forgets the records and volume references of containers not in {@code existing} (removed while down). */
    public void restore(Set<String> existing) {
        for (String id : mountPoints.containers()) {
            if (!existing.contains(id)) {
                mountPoints.remove(id);
            }
        }
        volumes.store().retainReferences(existing);
    }

    /** The container's mount points, for its inspect. */
    public List<MountPoint> mountPoints(String containerId) {
        return mountPoints.get(containerId);
    }

    @Override
    public Container creating(Container c) {
        List<String> imageVolumes = new ArrayList<>();
        c.config().path("Volumes").properties().forEach(e -> imageVolumes.add(e.getKey()));
        List<MountPoint> mounts = volumes.create(c.id(), HostConfigStorage.request(c.hostConfig()), imageVolumes,
                name -> mountPoints.get(volumesFromId(name)));
        mountPoints.put(c.id(), mounts);
        return c;
    }

    /** A {@code --volumes-from} of no container is a bad request to dockerd: NOT_FOUND would make the CLI pull. */
    private String volumesFromId(String name) {
        try {
            return containerId.apply(name);
        } catch (BerthException e) {
            if (e.kind() == ErrorKind.NOT_FOUND) {
                throw BerthException.invalid(e.getMessage());
            }
            throw e;
        }
    }

    @Override
    public ContainerSpec beforeStart(Container c, ContainerSpec spec) {
        List<Mount> mounts = new ArrayList<>(spec.mounts());
        mounts.addAll(volumes.prepare(c.id(), mountPoints.get(c.id()),
                HostConfigStorage.request(c.hostConfig()).tmpfs(), spec.rootfs()));
        return spec.withMounts(mounts);
    }

    @Override
    public void afterStop(Container c) {
        try {
            volumes.cleanup(c.id(), mountPoints.get(c.id()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "unmount volumes of container " + c.id(), e);
        }
    }

    @Override
    public void removing(Container c, boolean removeVolumes) {
        volumes.release(c.id(), mountPoints.get(c.id()), removeVolumes);
        mountPoints.remove(c.id());
    }
}
