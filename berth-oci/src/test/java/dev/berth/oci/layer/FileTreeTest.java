package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileTreeTest {
    @TempDir
    Path dir;

    @Test
    void delete_removesTheTree_andASymlinkNotItsTarget() throws IOException {
        Path outside = Files.writeString(dir.resolve("outside"), "kept");
        Path tree = Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(tree.resolve("f"), "x");
        Files.createSymbolicLink(dir.resolve("tree/link"), outside);
        Files.createSymbolicLink(dir.resolve("tree/a/dirlink"), dir);

        FileTree.delete(dir.resolve("tree"));

        assertThat(dir.resolve("tree")).doesNotExist();
        assertThat(outside).hasContent("kept");
        FileTree.delete(dir.resolve("tree")); // nothing there: no error
    }

    /**
     * A data root's tmp/ is emptied while trees discarded into it may still be deleted by their own threads: what
     * they remove under the walk is no error. Racy by nature; without the tolerance nearly every round fails.
     */
    @Test
    void delete_toleratesEntriesDeletedUnderIt() throws Exception {
        for (int round = 0; round < 10; round++) {
            Path parent = Files.createDirectories(dir.resolve("tmp" + round));
            List<Path> trees = new ArrayList<>();
            for (int t = 0; t < 40; t++) {
                Path tree = Files.createDirectories(parent.resolve("discarded-" + t + "/sub"));
                for (int f = 0; f < 10; f++) {
                    Files.writeString(tree.resolve("f" + f), "x");
                }
                trees.add(tree.getParent());
            }
            Thread other = Thread.ofPlatform().start(() -> {
                for (Path tree : trees.reversed()) {
                    try {
                        FileTree.delete(tree);
                    } catch (IOException e) {
                        // the walk below may take this tree first: either way it goes
                    }
                }
            });
            FileTree.delete(parent);
            other.join();
            assertThat(parent).doesNotExist();
        }
    }
}
