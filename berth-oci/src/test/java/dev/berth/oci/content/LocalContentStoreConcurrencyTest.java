package dev.berth.oci.content;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

class LocalContentStoreConcurrencyTest extends ContentStoreConcurrencyContract {
    @TempDir
    Path root;

    @Override
    protected ContentStore createStore() {
        return LocalContentStore.open(root.resolve("store"));
    }
}
