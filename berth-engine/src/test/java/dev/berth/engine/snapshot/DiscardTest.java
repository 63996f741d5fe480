package dev.berth.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiscardTest {
    @TempDir
    Path root;

    private Path tree(String name) throws IOException {
        Path t = Files.createDirectories(root.resolve("state").resolve(name));
        Files.writeString(t.resolve("a"), "a");
        Files.createDirectories(t.resolve("b/c"));
        Files.writeString(t.resolve("b/c/d"), "d");
        Files.createSymbolicLink(t.resolve("link"), root);
        return t;
    }

    @Test
    void aTree_isGoneFromItsPlaceAtOnce_andThenFromTheDiscardDirectory() throws Exception {
        Path trash = Files.createDirectories(root.resolve("tmp"));
        Path t = tree("c1");

        Discard.into(trash).tree(t);

        assertThat(t).doesNotExist();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(10));
        while (!entries(trash).isEmpty() && Instant.now().isBefore(deadline)) {
            Thread.sleep(20);
        }
        assertThat(entries(trash)).as("deleted in the background").isEmpty();
        assertThat(root).as("the symlink's target is kept").isDirectory();
    }

    @Test
    void withoutItsDirectory_orInPlace_aTreeIsDeletedBeforeTheCallReturns() throws IOException {
        Path t = tree("c2");
        Discard.into(root.resolve("no-such-dir")).tree(t);
        assertThat(t).doesNotExist();

        Path u = tree("c3");
        Discard.IN_PLACE.tree(u);
        assertThat(u).doesNotExist();
    }

    @Test
    void onAnotherFileSystem_aTreeIsDeletedInPlace() throws IOException {
        Path shm = Path.of("/dev/shm");
        Assumptions.assumeTrue(Files.isDirectory(shm) && !Files.getFileStore(shm).equals(Files.getFileStore(root)),
                "needs /dev/shm on another file system than " + root);
        Path trash = Files.createTempDirectory(shm, "discard-test");
        try {
            Path t = tree("c4");
            Discard.into(trash).tree(t);
            assertThat(t).doesNotExist();
            assertThat(entries(trash)).isEmpty();
        } finally {
            FileTrees.delete(trash);
        }
    }

    @Test
    void aMissingTree_isNothingToDo() throws IOException {
        Path trash = Files.createDirectories(root.resolve("tmp"));
        Discard.into(trash).tree(root.resolve("state/none"));
        assertThat(entries(trash)).isEmpty();
    }

    private static java.util.List<Path> entries(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
