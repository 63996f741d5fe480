package dev.berth.engine.snapshot;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** The root directories of snapshotters and layer stores, and the complete container layers under them. */
final class SnapshotDirs {
    private SnapshotDirs() {}

    /** {@code root} made absolute and created if absent. */
    static Path createRoot(Path root) {
        Path abs = root.toAbsolutePath().normalize();
        try {
            Files.createDirectories(abs);
        } catch (IOException e) {
            throw BerthException.io("create directory " + abs, e);
        }
        return abs;
    }

    static List<String> complete(Path root) {
        try (Stream<Path> entries = Files.list(root)) {
            return entries.map(p -> p.getFileName().toString())
                    .filter(name -> !name.startsWith("."))
                    .filter(name -> new LayerDirs(root, name).complete())
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw BerthException.io("list container layers in " + root, e);
        }
    }
}
