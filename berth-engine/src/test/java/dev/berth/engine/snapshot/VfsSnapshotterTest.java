package dev.berth.engine.snapshot;

import java.nio.file.Path;

class VfsSnapshotterTest extends SnapshotterContract {
    @Override
    Snapshotter open(Path root) {
        return VfsSnapshotter.open(root);
    }
}
