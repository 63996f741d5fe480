package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.spec.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * A target directory {@code root} and, next to it, a {@code sentinel} directory that no layer may touch: every test
 * ends by checking that the sentinel and the parent directory are exactly as they were.
 */
abstract class ApplyTestBase {
    @TempDir
    Path tmp;

    Path root;
    Path sentinel;
    private int sentinelMode;
    private java.nio.file.attribute.FileTime sentinelMtime;

    @BeforeEach
    void createRootAndSentinel() throws IOException {
        root = Files.createDirectory(tmp.resolve("root"));
        sentinel = Files.createDirectory(tmp.resolve("sentinel"));
        Files.writeString(sentinel.resolve("secret"), "keep");
        Files.setPosixFilePermissions(sentinel.resolve("secret"), PosixFilePermissions.fromString("rw-------"));
        sentinelMode = mode(sentinel);
        sentinelMtime = Files.getLastModifiedTime(sentinel);
    }

    @AfterEach
    void nothingWrittenOutsideTheRoot() throws IOException {
        try (Stream<Path> next = Files.list(tmp)) {
            assertThat(next.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("root", "sentinel");
        }
        try (Stream<Path> inside = Files.list(sentinel)) {
            assertThat(inside.map(p -> p.getFileName().toString()).toList()).containsExactly("secret");
        }
        Path secret = sentinel.resolve("secret");
        assertThat(Files.isRegularFile(secret, LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.readString(secret)).isEqualTo("keep");
        assertThat(mode(secret)).isEqualTo(0600);
        assertThat(Files.getAttribute(secret, "unix:uid")).isEqualTo(0);
        assertThat(mode(sentinel)).isEqualTo(sentinelMode);
        assertThat(Files.getLastModifiedTime(sentinel)).isEqualTo(sentinelMtime);
        assertThat(Files.getLastModifiedTime(secret).toInstant()).isNotEqualTo(ApplyTestTar.MTIME);
    }

    LayerDigests apply(byte[] tar) {
        return apply(tar, ApplyOptions.defaults());
    }

    LayerDigests apply(byte[] tar, ApplyOptions options) {
        return apply(tar, Compression.NONE, options);
    }

    LayerDigests apply(byte[] blob, Compression compression, ApplyOptions options) {
        return LayerApplier.apply(new ByteArrayInputStream(blob), compression, root, options);
    }

    static int mode(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
    }

    static int uid(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
    }

    static int gid(Path p) throws IOException {
        return (int) Files.getAttribute(p, "unix:gid", LinkOption.NOFOLLOW_LINKS);
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    List<String> listRoot() throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> !p.equals(root)).map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }
}
