package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootResolverTest {
    @TempDir
    Path tmp;

    Path root;
    RootResolver resolver;

    @BeforeEach
    void setUp() throws IOException {
        root = Files.createDirectory(tmp.resolve("root")).toRealPath();
        resolver = new RootResolver(root);
    }

    @Test
    void directory_createsMissingDirectoriesWithMode0755() throws IOException {
        Path dir = resolver.directory(TarName.parse("a/b/c"));

        assertThat(dir).isEqualTo(root.resolve("a/b/c")).isDirectory();
        assertThat(ApplyTestBase.mode(root.resolve("a"))).isEqualTo(0755);
    }

    @Test
    void directory_followsSymlinksAsIfTheRootWereSlash() throws IOException {
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.createSymbolicLink(root.resolve("abs"), Path.of("/usr/lib"));
        Files.createSymbolicLink(root.resolve("top"), Path.of("/"));

        assertThat(resolver.directory(TarName.parse("lib"))).isEqualTo(root.resolve("usr/lib"));
        assertThat(resolver.directory(TarName.parse("abs/x"))).isEqualTo(root.resolve("usr/lib/x"));
        assertThat(resolver.directory(TarName.parse("top/top/usr"))).isEqualTo(root.resolve("usr"));
    }

    @Test
    void locate_doesNotFollowTheLastComponent() throws IOException {
        Files.createSymbolicLink(root.resolve("link"), Path.of("/elsewhere"));

        assertThat(resolver.locate(TarName.parse("link"))).isEqualTo(root.resolve("link"));
        assertThat(resolver.locate(TarName.parse("link/x"))).isEqualTo(root.resolve("elsewhere/x"));
        assertThat(root.resolve("elsewhere")).doesNotExist();
    }

    @Test
    void resolve_refusesSymlinksClimbingAboveTheRoot() throws IOException {
        Files.createDirectories(root.resolve("d"));
        Files.createSymbolicLink(root.resolve("d/up"), Path.of("../.."));

        assertThatThrownBy(() -> resolver.directory(TarName.parse("d/up/x")))
                .isInstanceOf(BerthException.class).hasMessageContaining("escapes the root");
        assertThatThrownBy(() -> resolver.locate(TarName.parse("d/up/x"))).hasMessageContaining("escapes the root");
        assertThat(tmp.resolve("x")).doesNotExist();
    }

    @Test
    void resolve_refusesLoopsAndFilesInTheMiddle() throws IOException {
        Files.createSymbolicLink(root.resolve("loop"), Path.of("loop"));
        Files.writeString(root.resolve("file"), "x");

        assertThatThrownBy(() -> resolver.directory(TarName.parse("loop"))).hasMessageContaining("too many levels");
        assertThatThrownBy(() -> resolver.directory(TarName.parse("file/x"))).hasMessageContaining("\"file\" is not a directory");
        assertThatThrownBy(() -> resolver.directory(TarName.parse("file"))).hasMessageContaining("\"file\" is not a directory");
    }

    @Test
    void cache_isStaleAfterARemovalUntilInvalidated() throws IOException {
        Path before = resolver.directory(TarName.parse("d"));
        Files.delete(before);
        Files.createDirectories(root.resolve("real"));
        Files.createSymbolicLink(root.resolve("d"), Path.of("real"));

        assertThat(resolver.directory(TarName.parse("d"))).as("cached").isEqualTo(root.resolve("d"));
        resolver.invalidate();
        assertThat(resolver.directory(TarName.parse("d"))).isEqualTo(root.resolve("real"));
    }
}
