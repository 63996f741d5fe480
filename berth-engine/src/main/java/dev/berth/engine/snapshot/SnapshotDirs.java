package dev.berth.engine.snapshot;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Lists the complete container layers under a snapshotter's root (skipping probes and crash leftovers). */
final class SnapshotDirs {
    private SnapshotDirs() {}

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
