package dev.berth.engine.volume;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The mount points of each container, one file per container: {@code DIR/CONTAINER_ID.json}, the list of
 * {@link MountPoint}s, written to a temporary file, synced and renamed over the old one; a container without mount
 * points has no file.
 */
final class MountPointStore {
    private static final TypeReference<List<MountPoint>> LIST = new TypeReference<>() {};

    private final Path dir;

    MountPointStore(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw BerthException.io("create " + dir, e);
        }
    }

    void put(String containerId, List<MountPoint> mounts) {
        if (mounts.isEmpty()) {
            // No record reads as no mount points: most containers have none, and need no file written and synced.
            remove(containerId);
            return;
        }
        Path file = file(containerId);
        Path tmp = file.resolveSibling(containerId + ".tmp");
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(Json.MAPPER.writeValueAsBytes(mounts)));
                ch.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw BerthException.io("record mounts of container " + containerId, e);
        }
    }

    /** The container's mount points; none when it has no record (made before volumes were kept, or removed). */
    List<MountPoint> get(String containerId) {
        Path file = file(containerId);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return Json.MAPPER.readValue(Files.readAllBytes(file), LIST);
        } catch (IOException e) {
            throw BerthException.io("read mounts of container " + containerId, e);
        }
    }

    void remove(String containerId) {
        try {
            Files.deleteIfExists(file(containerId));
        } catch (IOException e) {
            throw BerthException.io("remove mounts of container " + containerId, e);
        }
    }

    /** The containers with a record. */
    Set<String> containers() {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length()))
                    .collect(java.util.stream.Collectors.toSet());
        } catch (IOException e) {
            throw BerthException.io("list " + dir, e);
        }
    }

    private Path file(String containerId) {
        dev.berth.engine.snapshot.ContainerIds.check(containerId);
        return dir.resolve(containerId + ".json");
    }
}
