package dev.berth.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuntimeStateDirTest {
    @TempDir
    Path dir;

    @Test
    void aDataRootNamedThroughASymlink_hasTheRuntimeStateOfItsRealPath() throws IOException {
        Path real = Files.createDirectories(dir.resolve("disk/berth"));
        Path link = Files.createSymbolicLink(dir.resolve("berth"), real);
        assertThat(RuntimeStateDir.of(new DataRoot(link))).isEqualTo(RuntimeStateDir.of(new DataRoot(real)));
        // Not made yet, below a symlinked parent: the same as once it is made.
        Path linkedParent = Files.createSymbolicLink(dir.resolve("disk-link"), dir.resolve("disk"));
        assertThat(RuntimeStateDir.of(new DataRoot(linkedParent.resolve("later"))))
                .isEqualTo(RuntimeStateDir.of(new DataRoot(dir.resolve("disk/later"))));
        assertThat(RuntimeStateDir.of(new DataRoot(real))).isNotEqualTo(RuntimeStateDir.of(new DataRoot(
                dir.resolve("disk/later"))));
    }
}
