package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Tars of a real directory made by GNU tar must apply to an identical tree. */
class LayerApplierGnuTarTest extends ApplyTestBase {
    private static final long SECOND = 1_000_000_000L;
    private static final String LONG_DIR = "l" + "o".repeat(120) + "ng";
    private static final String LONG_FILE = LONG_DIR + "/" + "n".repeat(150);

    @TempDir
    Path work;

    Path source;

    @BeforeEach
    void fixtureTree() throws IOException {
        source = Files.createDirectory(work.resolve("source"));
        dir("a", 0755, 0, 0);
        dir("a/b", 0750, 1000, 1000);
        dir("sticky", 01777, 0, 0);
        dir("setgid", 02775, 0, 50);
        dir(LONG_DIR, 0700, 0, 0);
        file("a/file.txt", "hello world\n".getBytes(StandardCharsets.UTF_8), 0644, 1234, 5678);
        file("a/b/exec", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755, 0, 0);
        file("suid", new byte[] {1}, 04755, 0, 0);
        file("setgid/sgid-file", new byte[] {2}, 02711, 0, 50);
        file("empty", new byte[0], 0600, 0, 0);
        byte[] big = new byte[3 << 20];
        new Random(42).nextBytes(big);
        file("big.bin", big, 0644, 0, 0);
        file(LONG_FILE, "deep".getBytes(StandardCharsets.UTF_8), 0640, 0, 0);
        Files.createSymbolicLink(source.resolve("rel"), Path.of("a/file.txt"));
        Files.createSymbolicLink(source.resolve("abs"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(source.resolve("dangling"), Path.of("nowhere/x"));
        Files.createSymbolicLink(source.resolve("long-target"), Path.of("/" + LONG_FILE));
        Syscalls.lchown(source.resolve("rel"), 4, 5);
        Files.createLink(source.resolve("a/hard"), source.resolve("a/file.txt"));
        Files.createLink(source.resolve(LONG_DIR + "/" + "h".repeat(140)), source.resolve("big.bin"));
        Syscalls.mknod(source.resolve("fifo"), Syscalls.S_IFIFO, 0644, 0);
        Syscalls.mknod(source.resolve("null"), Syscalls.S_IFCHR, 0666, Syscalls.makedev(1, 3));
        Syscalls.mknod(source.resolve("loop"), Syscalls.S_IFBLK, 0660, Syscalls.makedev(7, 300));
        Syscalls.lsetxattr(source.resolve("a/file.txt"), "user.comment", "a comment".getBytes(StandardCharsets.UTF_8));
        Syscalls.lsetxattr(source.resolve("a/b"), "user.dir", new byte[] {0, 1, 2, (byte) 0xfe});
        try (var sparse = java.nio.channels.FileChannel.open(source.resolve("sparse.img"),
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            sparse.write(java.nio.ByteBuffer.wrap(new byte[] {7}), 0);
            sparse.write(java.nio.ByteBuffer.wrap(new byte[] {8}), 10 << 20);
            sparse.write(java.nio.ByteBuffer.wrap(new byte[] {9}), 30 << 20);
        }
        // Times last, deepest first, so that nothing changes a directory after its mtime is set.
        List<Path> all;
        try (Stream<Path> s = Files.walk(source)) {
            all = new ArrayList<>(s.filter(p -> !p.equals(source)).toList());
        }
        all.sort((x, y) -> Integer.compare(y.getNameCount(), x.getNameCount()));
        long t = 1_600_000_000L * SECOND + 123_456_789L;
        for (Path p : all) {
            t += 3_600 * SECOND + 1_111L;
            Syscalls.lutimes(p, t, t);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"posix", "gnu"})
    void apply_gnuTarOfARealTree_reproducesTheTree(String format) throws Exception {
        Path tar = work.resolve("layer.tar");
        run("tar", "--format=" + format, "--sparse", "--numeric-owner", "--xattrs", "--xattrs-include=user.*",
                "-C", source.toString(), "-cf", tar.toString(), ".");

        LayerDigests digests = LayerApplier.apply(Files.newInputStream(tar), dev.berth.oci.spec.Compression.NONE, root,
                ApplyOptions.defaults());

        assertThat(digests.diffId()).isEqualTo(Digest.sha256(Files.readAllBytes(tar)));
        boolean nanos = format.equals("posix");
        assertThat(describeTree(root, nanos, nanos)).isEqualTo(describeTree(source, nanos, nanos));
        assertThat(Files.readAttributes(root.resolve("a/hard"), BasicFileAttributes.class).fileKey())
                .isEqualTo(Files.readAttributes(root.resolve("a/file.txt"), BasicFileAttributes.class).fileKey());
        // 30 MiB with three bytes of data: 61 440 blocks if written out, a few buffers' worth with the holes kept.
        assertThat(blocks(root.resolve("sparse.img"))).as("holes stay holes").isLessThan(4096);
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip", "zstd"})
    void apply_compressedGnuTar_matchesTheCodecsOwnDigests(String codec) throws Exception {
        Path tar = work.resolve("layer.tar");
        run("tar", "--format=posix", "-C", source.toString(), "-cf", tar.toString(), ".");
        Path blob = work.resolve("layer.tar." + codec);
        run("sh", "-c", codec + " -c < " + tar + " > " + blob);

        LayerDigests d = LayerApplier.apply(Files.newInputStream(blob),
                codec.equals("gzip") ? dev.berth.oci.spec.Compression.GZIP : dev.berth.oci.spec.Compression.ZSTD,
                root, ApplyOptions.defaults());

        assertThat(d).isEqualTo(new LayerDigests(Digest.sha256(Files.readAllBytes(blob)), Files.size(blob),
                Digest.sha256(Files.readAllBytes(tar)), Files.size(tar)));
        assertThat(read(root.resolve(LONG_FILE))).isEqualTo("deep");
    }

    private void dir(String name, int mode, int uid, int gid) throws IOException {
        Path d = Files.createDirectory(source.resolve(name));
        Syscalls.lchown(d, uid, gid);
        Syscalls.chmod(d, mode);
    }

    private void file(String name, byte[] content, int mode, int uid, int gid) throws IOException {
        Path f = Files.write(source.resolve(name), content);
        Syscalls.lchown(f, uid, gid);
        Syscalls.chmod(f, mode);
    }

    /** Every entry below {@code dir}: type, mode, owner, mtime, content digest or link target or device, xattrs. */
    private static TreeMap<String, String> describeTree(Path dir, boolean nanos, boolean xattrs) throws IOException {
        TreeMap<String, String> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.filter(p -> !p.equals(dir)).toList()) {
                out.put(dir.relativize(p).toString(), describeEntry(p, nanos, xattrs));
            }
        }
        return out;
    }

    private static String describeEntry(Path p, boolean nanos, boolean xattrs) throws IOException {
        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = (int) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        long mtime = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS);
        StringBuilder sb = new StringBuilder()
                .append(Integer.toOctalString(mode))
                .append(" uid=").append(uid(p)).append(" gid=").append(gid(p))
                .append(" nlink=").append(Files.getAttribute(p, "unix:nlink", LinkOption.NOFOLLOW_LINKS))
                .append(" mtime=").append(nanos ? mtime : mtime / SECOND);
        if (a.isRegularFile()) {
            sb.append(" sha256=").append(Digest.sha256(Files.readAllBytes(p)).encoded());
        } else if (a.isSymbolicLink()) {
            sb.append(" -> ").append(Files.readSymbolicLink(p));
        } else if (a.isOther()) {
            sb.append(" rdev=").append(Files.getAttribute(p, "unix:rdev", LinkOption.NOFOLLOW_LINKS));
        }
        if (xattrs && !a.isSymbolicLink()) {
            for (String name : Syscalls.llistxattr(p).stream().sorted().toList()) {
                sb.append(' ').append(name).append('=')
                        .append(HexFormat.of().formatHex(Syscalls.lgetxattr(p, name).orElseThrow()));
            }
        }
        return sb.toString();
    }

    private static long blocks(Path p) throws Exception {
        return Long.parseLong(run("stat", "-c", "%b", p.toString()).strip());
    }

    private static String run(String... command) throws Exception {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor()).as("%s: %s", String.join(" ", command), output).isZero();
        return output;
    }
}
