package dev.berth.engine.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Paths of a container resolve inside its root file system, whatever its symlinks say. */
class RootfsPathTest {
    @TempDir
    Path root;

    @Test
    void absoluteAndClimbingLinks_stayInsideTheRoot() throws IOException {
        Files.createDirectories(root.resolve("etc"));
        Files.createSymbolicLink(root.resolve("toroot"), Path.of("/"));
        Files.createSymbolicLink(root.resolve("up"), Path.of("../../../../.."));
        Files.createSymbolicLink(root.resolve("etc/link"), Path.of("/etc"));
        assertThat(RootfsPath.resolve(root, "/toroot/etc/passwd", true)).isEqualTo(root.resolve("etc/passwd"));
        assertThat(RootfsPath.resolve(root, "/up/etc", true)).isEqualTo(root.resolve("etc"));
        assertThat(RootfsPath.resolve(root, "/../../etc/../..", true)).isEqualTo(root);
        assertThat(RootfsPath.resolve(root, "/etc/link/x", true)).isEqualTo(root.resolve("etc/x"));
    }

    @Test
    void theLastComponent_isFollowedOnlyWhenAsked() throws IOException {
        Files.createSymbolicLink(root.resolve("toroot"), Path.of("/"));
        assertThat(RootfsPath.resolve(root, "/toroot", false)).isEqualTo(root.resolve("toroot"));
        assertThat(RootfsPath.resolve(root, "/toroot", true)).isEqualTo(root);
    }

    @Test
    void aSymlinkLoop_isRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("a"), Path.of("b"));
        Files.createSymbolicLink(root.resolve("b"), Path.of("a"));
        assertThatThrownBy(() -> RootfsPath.resolve(root, "/a/x", true))
                .hasMessageContaining("too many levels of symbolic links");
    }
}
