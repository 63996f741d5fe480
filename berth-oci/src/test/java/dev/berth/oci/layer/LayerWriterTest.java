package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Compression;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerWriterTest {
    private static final long T1 = 1_600_000_000_123_456_789L;
    private static final String LONG_DIR = "d".repeat(150);
    private static final String LONG_FILE = "f".repeat(200);

    @TempDir
    Path tmp;

    /** A tree with every kind of entry and every attribute a layer carries. */
    private LayerTestTree everything() throws IOException {
        LayerTestTree t = LayerTestTree.at(tmp.resolve("src"))
                .file("etc/hello.txt", "hello\n")
                .file("etc/empty", "")
                .file("bin/su", "#!/bin/sh\n").mode("bin/su", 04755)
                .file("bin/wall", "x").mode("bin/wall", 02711)
                .dir("tmp").mode("tmp", 01777)
                .symlink("etc/link", "hello.txt")
                .symlink("etc/longlink", "/" + "t".repeat(180) + "/target")
                .hardLink("bin/su-again", "bin/su")
                .fifo("run.fifo")
                .dir("dev").charDevice("dev/null", 1, 3).blockDevice("dev/sda1", 8, 1)
                .file("long/" + "n".repeat(120), "over 100")
                .file("long/" + LONG_DIR + "/" + LONG_FILE, "over 255")
                .file("unicode/caf\u00e9.txt", "accent")
                .file("owned", "o").owner("owned", 1234, 5678)
                .file("bigid", "b").owner("bigid", 3_000_000, 4_000_000)
                .file("xattrs", "x")
                .xattr("xattrs", "user.mime", "text/plain".getBytes(StandardCharsets.UTF_8))
                .xattr("xattrs", "trusted.bin", new byte[] {0, 1, (byte) 0xff, '=', '\n'})
                .xattr("tmp", "user.dir", "d".getBytes(StandardCharsets.UTF_8));
        t.owner("etc/link", 42, 43);
        t.mtimeAll(T1);
        t.mtime("etc/empty", 1_000_000_000_000_000_000L);
        return t;
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void write_gnuTarExtractsTheIdenticalTree(Compression compression) throws Exception {
        LayerTestTree src = everything();
        Path blob = tmp.resolve("layer");
        LayerDigests digests = writeTo(blob, src.root(), compression, LayerWriteOptions.preserve());

        Path tar = decompressWithTool(blob, compression);
        Path out = Files.createDirectories(tmp.resolve("out"));
        ExternalTools.run("tar", "--xattrs", "--xattrs-include=*", "--numeric-owner", "-xpf", tar.toString(),
                "-C", out.toString());

        assertThat(LayerTestTree.describe(out)).isEqualTo(LayerTestTree.describe(src.root()));
        assertThat(digests.diffId()).isEqualTo(LayerTestTree.digestOf(tar));
        assertThat(digests.diffSize()).isEqualTo(Files.size(tar));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void write_digestsAreThoseOfTheBytesWritten(Compression compression) throws Exception {
        Path blob = tmp.resolve("layer");
        LayerDigests digests = writeTo(blob, everything().root(), compression, LayerWriteOptions.preserve());

        String sha256sum = ExternalTools.run("sha256sum", blob.toString()).split(" ")[0];
        assertThat(digests.digest().toString()).isEqualTo("sha256:" + sha256sum);
        assertThat(digests.size()).isEqualTo(Files.size(blob));
        switch (compression) {
            case NONE -> assertThat(digests.diffId()).isEqualTo(digests.digest());
            case GZIP -> ExternalTools.run("gzip", "-t", blob.toString());
            case ZSTD -> ExternalTools.run("zstd", "-q", "-t", blob.toString());
        }
    }

    @Test
    void write_gnuTarListsEntriesSortedWithDirectoriesFirst() throws Exception {
        Path blob = tmp.resolve("layer.tar");
        writeTo(blob, everything().root(), Compression.NONE, LayerWriteOptions.preserve());

        List<String> names = ExternalTools.run("tar", "-tf", blob.toString()).lines().toList();
        assertThat(names).startsWith("bigid", "bin/", "bin/su", "bin/su-again", "bin/wall", "dev/", "dev/null");
        assertThat(names).contains("long/" + LONG_DIR + "/" + LONG_FILE, "unicode/caf\u00e9.txt");
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            String parent = name.substring(0, name.lastIndexOf('/', name.length() - 2) + 1);
            if (!parent.isEmpty()) {
                assertThat(names.subList(0, i)).as("parent of %s listed before it", name).contains(parent);
            }
        }
        String verbose = ExternalTools.run("tar", "--numeric-owner", "-tvf", blob.toString());
        assertThat(verbose).contains("hrwsr-xr-x 0/0", "bin/su-again link to bin/su")
                .containsPattern("crw------- 0/0 +1,3 .* dev/null")
                .containsPattern("brw-r----- 0/0 +8,1 .* dev/sda1")
                .contains("prw-r--r--", "drwxrwxrwt", "-rwx--s--x")
                .contains("1234/5678").contains("3000000/4000000");
    }

    @Test
    void write_recordsHeadersLikeDocker() throws Exception {
        Path blob = tmp.resolve("layer.tar");
        writeTo(blob, everything().root(), Compression.NONE, LayerWriteOptions.preserve());

        List<TarArchiveEntry> entries = readEntries(blob);
        TarArchiveEntry hello = entry(entries, "etc/hello.txt");
        assertThat(hello.getMode()).isEqualTo(0644);
        assertThat(hello.getLastModifiedTime().toInstant()).isEqualTo(Instant.ofEpochSecond(0, T1));
        assertThat(hello.getUserName()).isEmpty();
        assertThat(hello.getLastAccessTime()).isNull();
        assertThat(hello.getStatusChangeTime()).isNull();
        TarArchiveEntry xattrs = entry(entries, "xattrs");
        assertThat(xattrs.getExtraPaxHeaders()).containsKeys("SCHILY.xattr.user.mime", "SCHILY.xattr.trusted.bin");
        assertThat(entry(entries, "tmp/").getMode()).isEqualTo(01777);
        assertThat(entry(entries, "etc/longlink").getLinkName()).hasSize(188);
        assertThat(entry(entries, "bin/su-again").isLink()).isTrue();
        assertThat(entry(entries, "bin/su-again").getLinkName()).isEqualTo("bin/su");
        assertThat(entry(entries, "dev/sda1").getDevMajor()).isEqualTo(8);
    }

    @Test
    void write_usesUstarPrefixWhenNoPaxHeaderIsNeeded() throws Exception {
        String name = "p".repeat(90) + "/" + "q".repeat(90);
        LayerTestTree t = LayerTestTree.at(tmp.resolve("src")).file(name, "x").mtimeAll(1_000_000_000_000_000_000L);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new LayerWriter(LayerWriteOptions.preserve()).write(t.root(), Compression.NONE, out);

        byte[] tar = out.toByteArray();
        // directory header, then the file header: plain ustar, name split into prefix and name, no 'x' block
        assertThat(tar[512 + 156]).isEqualTo((byte) '0');
        assertThat(new String(tar, 512 + 345, 90, StandardCharsets.US_ASCII)).isEqualTo("p".repeat(90));
        assertThat(new String(tar, 512, 90, StandardCharsets.US_ASCII)).isEqualTo("q".repeat(90));
        assertThat(readEntries(writeBlob(t.root())).get(1).getName()).isEqualTo(name);
    }

    @Test
    void reproducible_zeroesOwnersAndFixesMtimes_soCopiesGiveTheSameDigests() throws Exception {
        LayerTestTree a = everything();
        Path b = tmp.resolve("copy");
        ExternalTools.run("cp", "-a", a.root().toString(), b.toString());
        LayerTestTree.at(b).owner("owned", 1, 1).mtimeAll(42_000_000_000L);

        LayerWriter writer = new LayerWriter(LayerWriteOptions.reproducible());
        for (Compression c : Compression.values()) {
            LayerDigests first = writer.write(a.root(), c, OutputStream.nullOutputStream());
            LayerDigests second = writer.write(b, c, OutputStream.nullOutputStream());
            assertThat(second).as("%s", c).isEqualTo(first);
        }
        Path blob = tmp.resolve("repro.tar");
        writeTo(blob, a.root(), Compression.NONE, LayerWriteOptions.reproducible());
        for (TarArchiveEntry e : readEntries(blob)) {
            assertThat(e.getLongUserId()).as(e.getName()).isZero();
            assertThat(e.getLongGroupId()).as(e.getName()).isZero();
            assertThat(e.getLastModifiedTime().toInstant()).as(e.getName()).isEqualTo(Instant.ofEpochSecond(1));
        }
    }

    @Test
    void preserve_isDeterministicToo() throws Exception {
        Path root = everything().root();
        LayerWriter writer = new LayerWriter(LayerWriteOptions.preserve());
        LayerDigests first = writer.write(root, Compression.GZIP, OutputStream.nullOutputStream());
        assertThat(writer.write(root, Compression.GZIP, OutputStream.nullOutputStream())).isEqualTo(first);
    }

    @Test
    void reproducible_acceptsAGivenTime() throws Exception {
        LayerTestTree t = LayerTestTree.at(tmp.resolve("src")).file("a", "a");
        Instant when = Instant.parse("2024-05-06T07:08:09Z");
        Path blob = tmp.resolve("l.tar");
        writeTo(blob, t.root(), Compression.NONE, LayerWriteOptions.reproducible(when));
        assertThat(readEntries(blob).getFirst().getLastModifiedTime().toInstant()).isEqualTo(when);
    }

    @Test
    void write_leavesSocketsOut() throws Exception {
        LayerTestTree t = LayerTestTree.at(tmp.resolve("src")).file("a", "a");
        try (ServerSocketChannel s = ServerSocketChannel.open(java.net.StandardProtocolFamily.UNIX)) {
            s.bind(UnixDomainSocketAddress.of(t.path("sock")));
            Path blob = tmp.resolve("l.tar");
            writeTo(blob, t.root(), Compression.NONE, LayerWriteOptions.preserve());
            assertThat(readEntries(blob)).extracting(TarArchiveEntry::getName).containsExactly("a");
        }
    }

    @Test
    void write_refusesNamesThatWouldReadAsWhiteouts() throws Exception {
        LayerTestTree t = LayerTestTree.at(tmp.resolve("src")).file("dir/.wh.secret", "x");
        assertThatThrownBy(() -> new LayerWriter(LayerWriteOptions.preserve())
                .write(t.root(), Compression.NONE, OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind())
                        .isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("dir/.wh.secret").hasMessageContaining("reserved for whiteouts");
    }

    @Test
    void write_refusesAMissingRoot() {
        assertThatThrownBy(() -> new LayerWriter(LayerWriteOptions.preserve())
                .write(tmp.resolve("nope"), Compression.NONE, OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND));
    }

    @Test
    void write_leavesTheCallersStreamOpen() throws Exception {
        LayerTestTree t = LayerTestTree.at(tmp.resolve("src")).file("a", "a");
        AtomicBoolean closed = new AtomicBoolean();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        OutputStream out = new java.io.FilterOutputStream(sink) {
            @Override
            public void close() {
                closed.set(true);
            }
        };
        LayerDigests d = new LayerWriter(LayerWriteOptions.preserve()).write(t.root(), Compression.ZSTD, out);
        assertThat(closed).isFalse();
        assertThat(d.size()).isEqualTo(sink.size());
    }

    @Test
    void write_emptyTreeIsTwoZeroBlocks() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("empty"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LayerDigests d = new LayerWriter(LayerWriteOptions.preserve()).write(root, Compression.NONE, out);
        assertThat(out.toByteArray()).isEqualTo(new byte[1024]);
        assertThat(d.diffSize()).isEqualTo(1024);
    }

    private static LayerDigests writeTo(Path blob, Path root, Compression c, LayerWriteOptions options)
            throws IOException {
        try (OutputStream out = Files.newOutputStream(blob)) {
            return new LayerWriter(options).write(root, c, out);
        }
    }

    private Path writeBlob(Path root) throws IOException {
        Path blob = Files.createTempFile(tmp, "layer", ".tar");
        writeTo(blob, root, Compression.NONE, LayerWriteOptions.preserve());
        return blob;
    }

    private Path decompressWithTool(Path blob, Compression c) throws Exception {
        Path tar = tmp.resolve("layer.tar");
        switch (c) {
            case NONE -> Files.copy(blob, tar);
            case GZIP -> ExternalTools.run("sh", "-c", "gzip -dc '" + blob + "' > '" + tar + "'");
            case ZSTD -> ExternalTools.run("sh", "-c", "zstd -qdc '" + blob + "' > '" + tar + "'");
        }
        return tar;
    }

    @Test
    void writeAs_namesAFileOrADirectorysTreeAfterTheGivenName_andArchivesASymlinkAsTheLink() throws IOException {
        LayerTestTree.at(tmp.resolve("src")).file("etc/hello.txt", "hello\n").symlink("etc/link", "hello.txt")
                .dir("etc/sub").file("etc/sub/deep", "d").owner("etc/sub/deep", 1234, 5678);
        Path etc = tmp.resolve("src/etc");
        LayerWriter writer = new LayerWriter(LayerWriteOptions.preserve());

        List<TarArchiveEntry> tree = written(out -> writer.writeAs(etc, "etc", out));
        assertThat(tree).extracting(TarArchiveEntry::getName)
                .containsExactly("etc/", "etc/hello.txt", "etc/link", "etc/sub/", "etc/sub/deep");
        assertThat(entry(tree, "etc/sub/deep").getLongUserId()).isEqualTo(1234);
        assertThat(entry(tree, "etc/link").getLinkName()).isEqualTo("hello.txt");

        Path fileTar = writtenTar(out -> writer.writeAs(etc.resolve("hello.txt"), "hello.txt", out));
        List<TarArchiveEntry> file = readEntries(fileTar);
        assertThat(file).extracting(TarArchiveEntry::getName).containsExactly("hello.txt");
        assertThat(file.getFirst().getSize()).isEqualTo(6);
        // Whole seconds, as docker's archiver writes them: no PAX record for a time alone.
        assertThat(Files.getLastModifiedTime(etc.resolve("hello.txt")).toInstant().getNano()).isNotZero();
        assertThat(file.getFirst().getLastModifiedTime().toInstant().getNano()).isZero();
        assertThat(Files.readAllBytes(fileTar)).startsWith("hello.txt\0".getBytes(StandardCharsets.US_ASCII));
        List<TarArchiveEntry> link = written(out -> writer.writeAs(etc.resolve("link"), "link", out));
        assertThat(link).singleElement().satisfies(e -> assertThat(e.isSymbolicLink()).isTrue());
    }

    private List<TarArchiveEntry> written(java.util.function.Consumer<OutputStream> write) throws IOException {
        return readEntries(writtenTar(write));
    }

    private Path writtenTar(java.util.function.Consumer<OutputStream> write) throws IOException {
        Path tar = Files.createTempFile(tmp, "as", ".tar");
        try (OutputStream out = Files.newOutputStream(tar)) {
            write.accept(out);
        }
        return tar;
    }

    static List<TarArchiveEntry> readEntries(Path tar) throws IOException {
        List<TarArchiveEntry> entries = new ArrayList<>();
        try (InputStream in = Files.newInputStream(tar); TarArchiveInputStream t = new TarArchiveInputStream(in)) {
            for (TarArchiveEntry e; (e = t.getNextEntry()) != null; ) {
                entries.add(e);
            }
        }
        return entries;
    }

    private static TarArchiveEntry entry(List<TarArchiveEntry> entries, String name) {
        return entries.stream().filter(e -> e.getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no entry " + name));
    }
}
