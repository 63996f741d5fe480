package dev.berth.registry.storage;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class FilesystemDriverTest extends StorageDriverContract {
    @TempDir
    Path root;

    @Override
    StorageDriver driver() {
        return new FilesystemDriver(root);
    }
}
