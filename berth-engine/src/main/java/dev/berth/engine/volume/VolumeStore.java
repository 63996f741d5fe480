package dev.berth.engine.volume;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.event.Event;
import dev.berth.engine.event.EventBus;
import dev.berth.engine.image.FileBytes;
import dev.berth.engine.snapshot.ContainerIds;
import dev.berth.engine.snapshot.FileTrees;
import dev.berth.engine.snapshot.MountTable;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.linux.Syscalls;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * The volumes of the {@code local} driver under the data root, as docker keeps them:
 * <pre>
 * DATA_ROOT/volumes/
 *   NAME/
 *     volume.json        name, driver, labels, driver options, creation time (written whole, then renamed)
 *     _data/             the data; a mount of the options' device while a container uses it, when there are options
 *     refs/CONTAINER_ID  one empty file per container that uses the volume: such a volume is not removed
 *   .staging-UUID/       a volume being created: renamed to NAME once complete
 *   .removing-UUID/      a volume being removed: renamed away first, so a half-deleted volume is never listed
 * </pre>
 * Names never start with a dot, so the staging names cannot clash. References are kept on disk so that they survive a
 * daemon restart with the containers that hold them; {@link #retainReferences} drops those of containers gone.
 * Mounts of volumes with options are counted in memory per container ({@link #mount}/{@link #unmount}); one found
 * mounted at start counts as mounted with no users, as in dockerd.
 */
public final class VolumeStore {
    private static final String META = "volume.json";
    private static final String DATA = "_data";
    private static final String REFS = "refs";

    private final Path root;
    private final EventBus events;
    private final Map<String, Volume> volumes = new TreeMap<>();
    private final Map<String, Set<String>> active = new HashMap<>();

    private VolumeStore(Path root, EventBus events) {
        this.root = root;
        this.events = events;
    }

    /** Opens (creating) the store in {@code dir}, finishing or undoing what a crashed daemon left half done. */
    public static VolumeStore open(Path dir, EventBus events) {
        VolumeStore store = new VolumeStore(dir.toAbsolutePath().normalize(), events);
        try {
            Files.createDirectories(store.root);
            Files.setPosixFilePermissions(store.root, PosixFilePermissions.fromString("rwx------"));
            try (Stream<Path> entries = Files.list(store.root)) {
                for (Path p : entries.toList()) {
                    String name = p.getFileName().toString();
                    if (name.startsWith(".")) {
                        store.deleteTree(p);
                    } else if (Files.isRegularFile(p.resolve(META))) {
                        store.volumes.put(name, store.read(p));
                    }
                }
            }
        } catch (IOException e) {
            throw BerthException.io("open volume store " + dir, e);
        }
        return store;
    }

    public EventBus events() {
        return events;
    }

    /**
     * Creates volume {@code name} (a random one, labelled anonymous, when empty) or returns the existing one of that
     * name, as docker's create does.
     */
    public synchronized Volume create(String name, String driver, Map<String, String> options,
            Map<String, String> labels) {
        String d = driver.isEmpty() ? Volume.LOCAL : driver;
        Map<String, String> l = new TreeMap<>(labels);
        if (name.isEmpty()) {
            name = VolumeNames.random();
            l.put(Volume.ANONYMOUS_LABEL, "");
        }
        Volume existing = volumes.get(name);
        if (existing != null) {
            if (!existing.driver().equals(d)) {
                throw new BerthException(ErrorKind.CONFLICT, "create " + name + ": volume name must be unique");
            }
            return existing;
        }
        VolumeNames.check(name);
        if (!d.equals(Volume.LOCAL)) {
            throw BerthException.notFound("create " + name + ": error looking up volume plugin " + d
                    + ": plugin \"" + d + "\" not found");
        }
        LocalOptions opts;
        try {
            opts = new LocalOptions(options);
        } catch (BerthException e) {
            throw BerthException.invalid("create " + name + ": " + e.getMessage());
        }
        Volume v = new Volume(name, d, l, opts, Instant.now(), root.resolve(name).resolve(DATA));
        write(v);
        volumes.put(name, v);
        events.publish(new Event("volume", "create", name, Map.of("driver", d), Instant.now()));
        return v;
    }

    private void write(Volume v) {
        Path staging = root.resolve(".staging-" + UUID.randomUUID());
        try {
            Files.createDirectories(staging.resolve(DATA));
            Files.setPosixFilePermissions(staging.resolve(DATA), PosixFilePermissions.fromString("rwxr-xr-x"));
            Files.createDirectory(staging.resolve(REFS));
            Path meta = staging.resolve(META);
            try (FileChannel ch = FileChannel.open(meta, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ch.write(java.nio.ByteBuffer.wrap(Json.bytes(metadata(v))));
                ch.force(true);
            }
            Files.move(staging, root.resolve(v.name()), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            RuntimeException failure = BerthException.io("create " + v.name(), e);
            try {
                deleteTree(staging);
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw failure;
        }
    }

    private static ObjectNode metadata(Volume v) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("Name", v.name());
        n.put("Driver", v.driver());
        n.set("Labels", Json.MAPPER.valueToTree(v.labels()));
        n.set("Options", Json.MAPPER.valueToTree(v.options().options()));
        n.put("CreatedAt", v.createdAt().toString());
        return n;
    }

    private Volume read(Path dir) throws IOException {
        JsonNode n = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve(META)));
        return new Volume(n.path("Name").asText(), n.path("Driver").asText(Volume.LOCAL), strings(n.path("Labels")),
                new LocalOptions(strings(n.path("Options"))), Instant.parse(n.path("CreatedAt").asText()),
                dir.resolve(DATA));
    }

    private static Map<String, String> strings(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        n.properties().forEach(e -> out.put(e.getKey(), e.getValue().asText()));
        return out;
    }

    /** The volume named {@code name}; NOT_FOUND with docker's {@code get NAME: no such volume}. */
    public synchronized Volume get(String name) {
        Volume v = volumes.get(name);
        if (v == null) {
            throw BerthException.notFound("get " + name + ": no such volume");
        }
        return v;
    }

    public synchronized Optional<Volume> find(String name) {
        return Optional.ofNullable(volumes.get(name));
    }

    public synchronized List<Volume> list() {
        return List.copyOf(volumes.values());
    }

    /** Records that container {@code containerId} uses the volume, which keeps it from removal. */
    public synchronized void reference(String name, String containerId) {
        Volume v = get(name);
        ContainerIds.check(containerId);
        try {
            Files.createFile(refs(v).resolve(containerId));
        } catch (FileAlreadyExistsException e) {
            // Referenced already: a reference is a set membership, not a count.
            return;
        } catch (IOException e) {
            throw BerthException.io("reference volume " + name + " from " + containerId, e);
        }
    }

    /** Drops container {@code containerId}'s reference; nothing to do when it had none or the volume is gone. */
    public synchronized void release(String name, String containerId) {
        Volume v = volumes.get(name);
        if (v == null) {
            return;
        }
        ContainerIds.check(containerId);
        try {
            Files.deleteIfExists(refs(v).resolve(containerId));
        } catch (IOException e) {
            throw BerthException.io("release volume " + name + " from " + containerId, e);
        }
    }

    /** The containers using the volume, sorted. */
    public synchronized List<String> references(String name) {
        Volume v = get(name);
        try (Stream<Path> refs = Files.list(refs(v))) {
            return refs.map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw BerthException.io("list references of volume " + name, e);
        }
    }

    /** Drops the references of containers not in {@code containerIds} (those removed while no daemon ran). */
    public synchronized void retainReferences(Set<String> containerIds) {
        for (Volume v : volumes.values()) {
            for (String ref : references(v.name())) {
                if (!containerIds.contains(ref)) {
                    release(v.name(), ref);
                }
            }
        }
    }

    private static Path refs(Volume v) {
        return v.mountpoint().resolveSibling(REFS);
    }

    /**
     * Removes the volume and its data. One in use is refused with docker's {@code remove NAME: volume is in use -
     * [IDS]}; with {@code force} a missing volume is no error, as {@code docker volume rm -f}.
     */
    public synchronized void remove(String name, boolean force) {
        Volume v = volumes.get(name);
        if (v == null) {
            if (force) {
                return;
            }
            throw BerthException.notFound("get " + name + ": no such volume");
        }
        List<String> refs = references(name);
        if (!refs.isEmpty()) {
            throw new BerthException(ErrorKind.CONFLICT, "remove " + name + ": volume is in use - ["
                    + String.join(", ", refs) + "]");
        }
        Path dir = v.mountpoint().getParent();
        Path removing = root.resolve(".removing-" + UUID.randomUUID());
        try {
            if (MountTable.isMountPoint(v.mountpoint())) {
                Syscalls.umount2(v.mountpoint(), Syscalls.MNT_DETACH);
            }
            Files.move(dir, removing, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw BerthException.io("remove " + name, e);
        }
        volumes.remove(name);
        active.remove(name);
        deleteTree(removing);
        events.publish(new Event("volume", "destroy", name, Map.of("driver", v.driver()), Instant.now()));
    }

    /**
     * Makes the volume's data ready for container {@code containerId}: mounts the options' device on {@code _data} for
     * the first user. Returns where the data is.
     */
    public synchronized Path mount(String name, String containerId) {
        Volume v = get(name);
        if (v.options().needsMount()) {
            Set<String> users = active.computeIfAbsent(name, k -> new HashSet<>());
            if (users.isEmpty() && !MountTable.isMountPoint(v.mountpoint())) {
                try {
                    v.options().mount(v.mountpoint());
                } catch (IOException e) {
                    throw new BerthException(ErrorKind.INTERNAL, "error while mounting volume '" + v.mountpoint()
                            + "': failed to mount local volume: " + e.getMessage(), e);
                }
            }
            users.add(containerId);
        }
        return v.mountpoint();
    }

    /** Container {@code containerId} no longer uses the data: the last user's unmount undoes the device mount. */
    public synchronized void unmount(String name, String containerId) {
        Volume v = volumes.get(name);
        Set<String> users = active.get(name);
        if (v == null || users == null || !users.remove(containerId) || !users.isEmpty()) {
            return;
        }
        try {
            if (MountTable.isMountPoint(v.mountpoint())) {
                Syscalls.umount2(v.mountpoint(), Syscalls.MNT_DETACH);
            }
        } catch (IOException e) {
            throw BerthException.io("unmount volume " + name, e);
        }
    }

    /** The bytes of the volume's data as docker's {@code system df} counts them. */
    public long size(Volume v) {
        return Files.isDirectory(v.mountpoint()) ? FileBytes.of(v.mountpoint()) : 0;
    }

    /** What {@link #prune} removed: the volumes' names and the bytes their data took. */
    public record PruneReport(List<String> deleted, long reclaimed) {}

    /**
     * Removes the unused volumes {@code filter} selects, skipping those with driver options (their data is not local),
     * as dockerd does; one event {@code prune} with the bytes reclaimed.
     */
    public PruneReport prune(VolumeFilter filter) {
        List<String> deleted = new ArrayList<>();
        long reclaimed = 0;
        for (Volume v : list()) {
            if (!v.options().options().isEmpty() || !filter.test(v, references(v.name()).size())) {
                continue;
            }
            long size = size(v);
            try {
                remove(v.name(), false);
            } catch (BerthException e) {
                if (e.kind() != ErrorKind.CONFLICT) {
                    throw e;
                }
                // Taken into use since it was listed: docker's prune skips it too.
                continue;
            }
            deleted.add(v.name());
            reclaimed += size;
        }
        events.publish(new Event("volume", "prune", "", Map.of("reclaimed", Long.toString(reclaimed)),
                Instant.now()));
        return new PruneReport(deleted, reclaimed);
    }

    private void deleteTree(Path dir) {
        if (!MountTable.mountsUnder(dir).isEmpty()) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, "remove " + dir + ": something is mounted below it");
        }
        FileTrees.delete(dir);
    }

    /** Publishes a volume event for a container's use of it ({@code mount}, {@code unmount}). */
    void publish(String action, String name, Map<String, String> attributes) {
        events.publish(new Event("volume", action, name, attributes, Instant.now()));
    }

}
