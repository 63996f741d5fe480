package dev.berth.engine.volume;

import dev.berth.engine.runtime.Mount;
import dev.berth.engine.snapshot.FileTrees;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A container's storage through its life, as dockerd's {@code registerMountPoints} and {@code setupMounts}:
 * <ol>
 * <li>{@link #create} (container create): parses {@code Binds}, {@code Mounts}, {@code Tmpfs} and
 * {@code VolumesFrom}, makes the named volumes that do not exist yet and an anonymous volume per image {@code VOLUME}
 * not otherwise mounted, references every volume from the container and returns its {@link MountPoint}s, which the
 * container store keeps; a failed create removes the volumes it made;</li>
 * <li>{@link #prepare} (before each start, the root file system mounted): mounts volumes with driver options, copies
 * the image's files into empty volumes that ask for it, and gives the runtime mounts for the OCI spec;</li>
 * <li>{@link #cleanup} (after the container stopped): undoes the volume mounts of {@code prepare};</li>
 * <li>{@link #release} (container removal): drops the references and, for {@code rm -v}, removes the anonymous
 * volumes no other container uses.</li>
 * </ol>
 * Copy-up happens at a start that finds the volume empty; dockerd copies once, at create, so a volume emptied by hand
 * gets the image's files again at the next start here.
 */
public final class ContainerVolumes {
    private final VolumeStore store;

    public ContainerVolumes(VolumeStore store) {
        this.store = store;
    }

    public VolumeStore store() {
        return store;
    }

    /** What a create request says about storage ({@code HostConfig}'s fields). */
    public record Request(List<String> binds, List<MountRequest> mounts, Map<String, String> tmpfs,
            List<String> volumesFrom) {
        public static final Request NONE = new Request(List.of(), List.of(), Map.of(), List.of());

        public Request {
            binds = List.copyOf(binds);
            mounts = List.copyOf(mounts);
            tmpfs = Map.copyOf(tmpfs);
            volumesFrom = List.copyOf(volumesFrom);
        }
    }

    /**
     * The container's mount points, its volumes made and referenced. {@code volumesFrom} gives the mount points of the
     * container a {@code --volumes-from} entry names (NOT_FOUND when there is none). Nothing is left behind on failure.
     */
    public List<MountPoint> create(String containerId, Request request, Collection<String> imageVolumes,
            Function<String, List<MountPoint>> volumesFrom) {
        List<String> referenced = new ArrayList<>();
        List<String> created = new ArrayList<>();
        try {
            return register(containerId, request, imageVolumes, volumesFrom, referenced, created);
        } catch (RuntimeException e) {
            for (String name : referenced) {
                try {
                    store.release(name, containerId);
                    if (created.contains(name) && store.references(name).isEmpty()) {
                        store.remove(name, true);
                    }
                } catch (RuntimeException cleanup) {
                    e.addSuppressed(cleanup);
                }
            }
            throw e;
        }
    }

    private List<MountPoint> register(String id, Request request, Collection<String> imageVolumes,
            Function<String, List<MountPoint>> volumesFrom, List<String> referenced, List<String> created) {
        Map<String, MountPoint> byDestination = new LinkedHashMap<>();
        for (String from : request.volumesFrom()) {
            String[] parts = from.split(":", 2);
            String mode = parts.length == 2 ? parts[1] : "rw";
            if (parts[0].isEmpty()) {
                throw BerthException.invalid("volumes-from specification cannot be an empty string");
            }
            if (!BindSpec.validMode(mode) || mode.contains("nocopy") || Stream.of(mode.split(","))
                    .anyMatch(MountRequest.PROPAGATIONS::contains)) {
                throw BerthException.invalid("invalid mode: " + mode);
            }
            boolean writable = !List.of(mode.split(",")).contains("ro");
            for (MountPoint m : volumesFrom.apply(parts[0])) {
                byDestination.put(m.destination(), m.withRw(m.rw() && writable, m.mode()));
            }
        }
        for (String dest : request.tmpfs().keySet()) {
            MountRequest.checkDestination(dest).ifPresent(why -> {
                throw BerthException.invalid(why);
            });
        }
        java.util.Set<String> binds = new java.util.HashSet<>();
        for (String raw : request.binds()) {
            BindSpec spec = BindSpec.parse(raw);
            MountRequest r = spec.request();
            String dest = Path.of(r.target()).normalize().toString();
            if (!binds.add(dest) || request.tmpfs().containsKey(dest)) {
                throw duplicate(dest);
            }
            if (r.type().equals("bind")) {
                createBindSource(Path.of(r.source()));
                String propagation = r.bind().map(MountRequest.Bind::propagation).orElse("rprivate");
                byDestination.put(dest, MountPoint.bind(Path.of(r.source()).normalize().toString(), dest,
                        spec.mode(), !r.readOnly(), propagation));
            } else {
                boolean copy = r.volume().map(v -> !v.noCopy()).orElse(true);
                Volume v = volume(id, r.source(), Map.of(), Map.of(), referenced, created);
                byDestination.put(dest, MountPoint.volume(v, dest, spec.mode().isEmpty() ? "z" : spec.mode(),
                        !r.readOnly(), copy, !r.source().isEmpty()));
            }
        }
        for (MountRequest r : request.mounts()) {
            r.validate(true);
            String dest = Path.of(r.target()).normalize().toString();
            if (!binds.add(dest) || request.tmpfs().containsKey(dest)) {
                throw duplicate(dest);
            }
            byDestination.put(dest, switch (r.type()) {
                case "bind" -> MountPoint.bind(Path.of(r.source()).normalize().toString(), dest, "", !r.readOnly(),
                        r.bind().map(MountRequest.Bind::propagation).filter(p -> !p.isEmpty()).orElse("rprivate"));
                case "volume" -> {
                    Optional<MountRequest.VolumeOpts> o = r.volume();
                    Volume v = volume(id, r.source(), o.map(MountRequest.VolumeOpts::options).orElse(Map.of()),
                            o.map(MountRequest.VolumeOpts::labels).orElse(Map.of()), referenced, created);
                    yield MountPoint.volume(v, dest, "z", !r.readOnly(),
                            !o.map(MountRequest.VolumeOpts::noCopy).orElse(false), !r.source().isEmpty());
                }
                default -> MountPoint.tmpfs(dest, !r.readOnly(), r.tmpfsData());
            });
        }
        for (String spec : imageVolumes) {
            String dest = Path.of(spec).normalize().toString();
            if (byDestination.containsKey(dest) || request.tmpfs().containsKey(dest)) {
                continue;
            }
            Volume v = volume(id, "", Map.of(), Map.of(), referenced, created);
            byDestination.put(dest, MountPoint.volume(v, dest, "", true, true, false));
        }
        for (MountPoint m : byDestination.values()) {
            if (m.type() == MountPoint.Type.VOLUME && !referenced.contains(m.name())) {
                store.reference(m.name(), id);
                referenced.add(m.name());
            }
        }
        return List.copyOf(byDestination.values());
    }

    private Volume volume(String containerId, String name, Map<String, String> options, Map<String, String> labels,
            List<String> referenced, List<String> created) {
        Optional<Volume> existing = store.find(name);
        Volume v = existing.orElseGet(() -> store.create(name, "", options, labels));
        if (existing.isEmpty()) {
            created.add(v.name());
        }
        store.reference(v.name(), containerId);
        referenced.add(v.name());
        return v;
    }

    private static BerthException duplicate(String dest) {
        return BerthException.invalid("Duplicate mount point: " + dest);
    }

    /** {@code -v /missing:/dst} makes the host directory, as dockerd does (and {@code --mount} refuses). */
    private static void createBindSource(Path source) {
        if (Files.exists(source)) {
            return;
        }
        try {
            Files.createDirectories(source);
        } catch (IOException e) {
            throw BerthException.io("create bind mount source " + source, e);
        }
    }

    /**
     * The runtime mounts of the container's {@code mounts} and {@code tmpfs} ({@code HostConfig.Tmpfs}: destination
     * to options), its root file system at {@code rootfs}; publishes a {@code mount} event per volume.
     */
    public List<Mount> prepare(String containerId, List<MountPoint> mounts, Map<String, String> tmpfs, Path rootfs) {
        List<Mount> out = new ArrayList<>();
        List<MountPoint> mounted = new ArrayList<>();
        try {
            for (MountPoint m : mounts) {
                switch (m.type()) {
                    case BIND -> out.add(bind(m.destination(), m.source(), m.rw(), m.propagation()));
                    case TMPFS -> out.add(new Mount(m.destination(), "tmpfs", "tmpfs",
                            TmpfsOptions.merged(m.tmpfsOptions())));
                    case VOLUME -> {
                        Path data = store.mount(m.name(), containerId);
                        mounted.add(m);
                        if (m.copyData()) {
                            copyUp(rootfs, m.destination(), data);
                        }
                        out.add(bind(m.destination(), data.toString(), m.rw(), "rprivate"));
                        store.publish("mount", m.name(), Map.of("container", containerId,
                                "destination", m.destination(), "driver", m.driver(),
                                "propagation", m.propagation(), "read/write", Boolean.toString(m.rw())));
                    }
                }
            }
        } catch (RuntimeException e) {
            try {
                cleanup(containerId, mounted);
            } catch (RuntimeException undo) {
                e.addSuppressed(undo);
            }
            throw e;
        }
        tmpfs.forEach((dest, options) -> out.add(new Mount(dest, "tmpfs", "tmpfs", TmpfsOptions.merged(options))));
        return out;
    }

    private static Mount bind(String destination, String source, boolean rw, String propagation) {
        List<String> options = new ArrayList<>(List.of("rbind"));
        if (!rw) {
            options.add("ro");
        }
        options.add(propagation.isEmpty() ? "rprivate" : propagation);
        return new Mount(destination, "bind", source, options);
    }

    /**
     * Copies the image's files at {@code destination} into the volume's {@code data} when that is empty (docker's
     * {@code CopyImagePathContent}); a symlink at the destination is left to the runtime, which resolves it inside the
     * container.
     */
    private static void copyUp(Path rootfs, String destination, Path data) {
        Path inImage = rootfs.resolve(destination.substring(1)).normalize();
        if (!inImage.startsWith(rootfs) || !Files.exists(inImage, LinkOption.NOFOLLOW_LINKS)
                || Files.isSymbolicLink(inImage)) {
            return;
        }
        if (!Files.isDirectory(inImage, LinkOption.NOFOLLOW_LINKS)) {
            throw new BerthException(ErrorKind.INVALID_ARGUMENT,
                    "cannot mount volume over existing file, file exists " + inImage);
        }
        try (Stream<Path> entries = Files.list(data)) {
            if (entries.findAny().isPresent()) {
                return;
            }
        } catch (IOException e) {
            throw BerthException.io("list volume " + data, e);
        }
        FileTrees.copyContents(inImage, data);
    }

    /** Undoes {@link #prepare}'s volume mounts once the container stopped; an {@code unmount} event per volume. */
    public void cleanup(String containerId, List<MountPoint> mounts) {
        for (MountPoint m : mounts) {
            if (m.type() == MountPoint.Type.VOLUME) {
                store.unmount(m.name(), containerId);
                store.publish("unmount", m.name(), Map.of("container", containerId, "driver", m.driver()));
            }
        }
    }

    /**
     * Drops the container's references to its volumes; with {@code removeAnonymous} ({@code rm -v}) removes the
     * volumes it did not name that no other container uses.
     */
    public void release(String containerId, List<MountPoint> mounts, boolean removeAnonymous) {
        for (MountPoint m : mounts) {
            if (m.type() != MountPoint.Type.VOLUME) {
                continue;
            }
            store.release(m.name(), containerId);
            if (removeAnonymous && !m.named() && store.find(m.name()).isPresent()
                    && store.references(m.name()).isEmpty()) {
                store.remove(m.name(), true);
            }
        }
    }
}
