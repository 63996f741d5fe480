package dev.berth.client.pull;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DirectoryLayerStoreTest extends LayerStoreContract {
    @TempDir
    Path root;

    @Override
    protected LayerStore createStore() {
        return DirectoryLayerStore.open(root.resolve("layers"));
    }

    @Override
    protected Path committed(Digest chainId) {
        return ((DirectoryLayerStore) store).path(chainId);
    }

    @Test
    void reopening_removesWhatACrashedUnpackLeftInStaging() throws IOException {
        Path debris = Files.createDirectories(root.resolve("layers/staging/left-by-a-crash/etc"));
        DirectoryLayerStore.open(root.resolve("layers"));
        assertThat(debris.getParent()).doesNotExist();
        assertThat(root.resolve("layers/staging")).isEmptyDirectory();
    }
}
