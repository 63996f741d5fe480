package dev.berth.engine.aot;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.RootOnly;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class AotTrainingTest {
    @Test
    void train_answersEveryCallAsDockerWould_andLeavesNothingBehind() throws IOException {
        RootOnly.assume();
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        long before = trainingDirs(tmp);

        var unexpected = AotTraining.train();

        // a pull, three run --rm, a detached run, a kill, two 404s and the image's removal, all as docker answers
        assertThat(unexpected).isEmpty();
        assertThat(trainingDirs(tmp)).isEqualTo(before);
        assertThat(Files.readString(Path.of("/proc/self/mounts"))).doesNotContain("berthd-aot-training");
    }

    private static long trainingDirs(Path tmp) throws IOException {
        try (var dirs = Files.list(tmp)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("berthd-aot-training")).count();
        }
    }
}
