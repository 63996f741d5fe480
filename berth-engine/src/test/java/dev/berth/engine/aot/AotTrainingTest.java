package dev.berth.engine.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.RootOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class AotTrainingTest {
    @Test
    void train_answersEveryCallAsDockerWould_andLeavesNothingBehind() throws IOException {
        RootOnly.assume();
        // A parent of the test's own, as trainings that other processes run meanwhile (bin/berthd's background one)
        // leave their directories and mounts in the shared temporary directory until they end; short, as the run's
        // attach sockets go below it.
        Path parent = Files.createTempDirectory("bat");

        List<String> unexpected;
        try {
            unexpected = AotTraining.train(parent);
        } finally {
            Files.deleteIfExists(parent); // only when the training left it empty, as asserted below
        }

        // a pull, three run --rm, a detached run, a kill, two 404s and the image's removal, all as docker answers
        assertThat(unexpected).isEmpty();
        assertThat(parent).doesNotExist();
        assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain(parent.toString());
    }
}
