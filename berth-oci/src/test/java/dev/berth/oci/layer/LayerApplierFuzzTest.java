package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.Compression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random sequences of nasty entries (climbing names, symlinks aimed outside, swaps of directories for symlinks, hard
 * links and whiteouts through them): whatever happens, only a {@link BerthException} may escape and nothing next to
 * the root may change.
 */
class LayerApplierFuzzTest {
    private static final String SENTINEL = "@SENTINEL@";

    record Op(int kind, String name, String target) {}

    @Property(tries = 300)
    void apply_neverEscapesTheRoot(@ForAll("layers") List<Op> ops,
                                   @ForAll("modes") WhiteoutMode mode) throws IOException {
        Path tmp = Files.createTempDirectory("berth-fuzz");
        try {
            Path root = Files.createDirectory(tmp.resolve("root"));
            Path sentinel = Files.createDirectory(tmp.resolve("sentinel"));
            Files.writeString(sentinel.resolve("secret"), "keep");
            byte[] tar = build(ops, sentinel);
            try {
                LayerApplier.apply(new ByteArrayInputStream(tar), Compression.NONE, root,
                        ApplyOptions.defaults().withWhiteoutMode(mode));
            } catch (BerthException expected) {
                assertThat(expected.getMessage()).startsWith("apply layer: ");
            }
            try (Stream<Path> s = Files.list(tmp)) {
                assertThat(s.map(p -> p.getFileName().toString()).sorted().toList()).containsExactly("root", "sentinel");
            }
            try (Stream<Path> s = Files.list(sentinel)) {
                assertThat(s.toList()).containsExactly(sentinel.resolve("secret"));
            }
            assertThat(Files.readString(sentinel.resolve("secret"))).isEqualTo("keep");
            assertThat(ApplyTestBase.mode(sentinel.resolve("secret"))).isEqualTo(0644);
        } finally {
            deleteAll(tmp);
        }
    }

    private static byte[] build(List<Op> ops, Path sentinel) {
        ApplyTestTar tar = new ApplyTestTar();
        for (Op op : ops) {
            String target = op.target().replace(SENTINEL, sentinel.toString());
            switch (op.kind()) {
                case 0 -> tar.file(op.name(), "pwned");
                case 1 -> tar.dir(op.name(), 0777);
                case 2 -> tar.symlink(op.name(), target);
                case 3 -> tar.hardlink(op.name(), target);
                case 4 -> tar.whiteout(op.name() + "/.wh." + op.target().replace("/", ""));
                default -> tar.whiteout(op.name() + "/.wh..wh..opq");
            }
        }
        return tar.bytes();
    }

    @Provide
    Arbitrary<List<Op>> layers() {
        Arbitrary<String> names = Arbitraries.of("a", "b", "a/b", "a/b/c", "b/secret", "..", "../sentinel",
                "a/../..", "/a", "c", "a/c/secret", "./a");
        Arbitrary<String> targets = Arbitraries.of("..", "../..", "../sentinel", SENTINEL, SENTINEL + "/secret", "/",
                "a", "b", "/a/b", "../a", "secret", "a/secret", "c/../..");
        return Combinators.combine(Arbitraries.integers().between(0, 5), names, targets).as(Op::new)
                .list().ofMinSize(1).ofMaxSize(8);
    }

    @Provide
    Arbitrary<WhiteoutMode> modes() {
        return Arbitraries.of(WhiteoutMode.class);
    }

    private static void deleteAll(Path dir) throws IOException {
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                Files.setPosixFilePermissions(d, java.nio.file.attribute.PosixFilePermissions.fromString("rwx------"));
                Files.delete(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
