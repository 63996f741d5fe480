package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.assertj.core.api.AbstractThrowableAssert;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Layers built to escape the root or to break the applier. Each must fail with a clear {@link BerthException} (or,
 * where docker's semantics put the write inside the root, land inside it); {@link ApplyTestBase} checks after each
 * test that nothing outside the root changed.
 */
class LayerApplierHostileTest extends ApplyTestBase {

    @ParameterizedTest
    @ValueSource(strings = {"../../x", "../sentinel/secret", "a/../../x", "./../x", "/../x"})
    void apply_refusesNamesThatClimbOutOfTheRoot(String name) {
        byte[] tar = new ApplyTestTar().file(name, "pwned").bytes();

        assertInvalid(tar).hasMessageContaining("entry \"" + name + "\"").hasMessageContaining("path escapes root");
    }

    @Test
    void apply_putsAbsoluteNamesUnderTheRoot() throws IOException {
        String outside = sentinel.resolve("secret").toString();
        apply(new ApplyTestTar().file("/etc/x", "inside").file(outside, "shadow").bytes());

        assertThat(read(root.resolve("etc/x"))).isEqualTo("inside");
        assertThat(read(root.resolve(outside.substring(1)))).isEqualTo("shadow");
    }

    @Test
    void apply_resolvesAnAbsoluteSymlinkInsideTheRootLikeAChroot() throws IOException {
        // Docker and containerd resolve it the same way; refusing absolute symlinks would break real images.
        byte[] tar = new ApplyTestTar()
                .symlink("link", sentinel.toString())
                .file("link/secret", "pwned")
                .symlink("etc", "/")
                .file("etc/passwd", "root-level")
                .bytes();

        apply(tar);

        assertThat(read(root.resolve(sentinel.toString().substring(1)).resolve("secret"))).isEqualTo("pwned");
        assertThat(read(root.resolve("passwd"))).isEqualTo("root-level");
    }

    @Test
    void apply_refusesWritingThroughARelativeSymlinkThatEscapes() {
        byte[] tar = new ApplyTestTar()
                .symlink("link", "../sentinel")
                .file("link/secret", "pwned")
                .bytes();

        assertInvalid(tar).hasMessageContaining("entry \"link/secret\"").hasMessageContaining("escapes the root");
    }

    @Test
    void apply_refusesWritingThroughASymlinkInTheExistingTreeThatEscapes() throws IOException {
        Files.createDirectories(root.resolve("usr"));
        Files.createSymbolicLink(root.resolve("usr/lib"), Path.of("../../sentinel"));

        assertInvalid(new ApplyTestTar().file("usr/lib/secret", "pwned").bytes())
                .hasMessageContaining("escapes the root");
    }

    @Test
    void apply_refusesASymlinkChainThatEscapes() {
        byte[] tar = new ApplyTestTar()
                .dir("d1")
                .symlink("d1/l1", "../l2")
                .symlink("l2", "/d2/l3")
                .dir("d2")
                .symlink("d2/l3", "../../sentinel")
                .file("d1/l1/secret", "pwned")
                .bytes();

        assertInvalid(tar).hasMessageContaining("entry \"d1/l1/secret\"").hasMessageContaining("escapes the root");
    }

    @Test
    void apply_refusesASymlinkLoop() {
        byte[] tar = new ApplyTestTar().symlink("a", "b").symlink("b", "a").file("a/x", "loop").bytes();

        assertInvalid(tar).hasMessageContaining("too many levels of symbolic links");
    }

    @Test
    void apply_refusesWritingThroughADirectoryReplacedBySymlinkInTheSameLayer() throws IOException {
        byte[] tar = new ApplyTestTar()
                .dir("d")
                .file("d/first", "cached the resolution of d")
                .symlink("d", "../sentinel")
                .file("d/secret", "pwned")
                .bytes();

        assertInvalid(tar).hasMessageContaining("entry \"d/secret\"").hasMessageContaining("escapes the root");
    }

    @Test
    void apply_neverChmodsThroughASymlinkThatReplacedADirectory() throws IOException {
        // The directory's mode is applied at the end; by then "d" is a symlink that chmod would follow.
        byte[] tar = new ApplyTestTar()
                .dir("d", 0777)
                .symlink("d", sentinel.toString())
                .bytes();

        apply(tar);

        assertThat(Files.isSymbolicLink(root.resolve("d"))).isTrue();
    }

    @Test
    void apply_neverChmodsThroughAHardLinkToASymlink() throws IOException {
        byte[] tar = new ApplyTestTar()
                .symlink("s", sentinel.resolve("secret").toString())
                .entry("h", TarConstants.LF_LINK, e -> {
                    e.setLinkName("s");
                    e.setMode(0100777);
                }, new byte[0])
                .bytes();

        apply(tar);

        assertThat(Files.isSymbolicLink(root.resolve("h"))).isTrue();
    }

    @Test
    void apply_replacesASymlinkInsteadOfWritingThroughIt() throws IOException {
        Files.createSymbolicLink(root.resolve("victim"), sentinel.resolve("secret"));

        apply(new ApplyTestTar().file("victim", "new content").bytes());

        assertThat(Files.isSymbolicLink(root.resolve("victim"))).isFalse();
        assertThat(read(root.resolve("victim"))).isEqualTo("new content");
    }

    @Test
    void apply_refusesHardLinkTargetsOutsideTheRoot() {
        assertInvalid(new ApplyTestTar().hardlink("h", "../sentinel/secret").bytes())
                .hasMessageContaining("entry \"h\"")
                .hasMessageContaining("hard link target \"../sentinel/secret\": path escapes root");
        assertInvalid(new ApplyTestTar().hardlink("h", "/etc/passwd").bytes())
                .hasMessageContaining("hard link target \"/etc/passwd\" does not exist in the root");
    }

    @Test
    void apply_refusesHardLinkTargetsReachedThroughAnEscapingSymlink() {
        byte[] tar = new ApplyTestTar()
                .symlink("up", "../sentinel")
                .hardlink("h", "up/secret")
                .bytes();

        assertInvalid(tar).hasMessageContaining("entry \"h\"").hasMessageContaining("escapes the root");
    }

    @Test
    void apply_refusesHardLinksToDirectoriesAndToThemselves() {
        assertInvalid(new ApplyTestTar().dir("d").hardlink("h", "d").bytes()).hasMessageContaining("is a directory");
        assertInvalid(new ApplyTestTar().file("f", "x").hardlink("f", "f").bytes()).hasMessageContaining("itself");
    }

    @Test
    void apply_refusesWhiteoutsOutsideTheRoot() {
        assertInvalid(new ApplyTestTar().whiteout("../.wh.sentinel").bytes()).hasMessageContaining("path escapes root");
        assertInvalid(new ApplyTestTar().whiteout("a/.wh..").bytes()).hasMessageContaining("invalid whiteout name");
    }

    @Test
    void apply_refusesWhiteoutsThroughAnEscapingSymlink() {
        byte[] tar = new ApplyTestTar().symlink("up", "../sentinel").whiteout("up/.wh.secret").bytes();

        assertInvalid(tar).hasMessageContaining("escapes the root");
    }

    @Test
    void apply_refusesATruncatedTarEntry() {
        byte[] full = new ApplyTestTar().file("big", "x".repeat(1000)).bytes();
        int data = new String(full, StandardCharsets.ISO_8859_1).indexOf("xxxxxxxxxx");
        byte[] truncated = Arrays.copyOf(full, data + 100);

        assertCorrupted(truncated, Compression.NONE)
                .hasMessageContaining("entry \"big\"")
                .hasMessageContaining("corrupt layer tar: Truncated TAR archive");
    }

    @Test
    void apply_readsATarEndingRightAfterItsLastData_asGoDoes_butNotOneCutInThePadding() throws Exception {
        // The docker CLI sends such a context (its Dockerfile from outside the context appended last, unpadded, no
        // end-of-archive blocks); Go's archive/tar, and so dockerd, reads it as complete.
        byte[] full = new ApplyTestTar().file("a", "first").file("last", "x".repeat(22)).bytes();
        int data = new String(full, StandardCharsets.ISO_8859_1).lastIndexOf("x".repeat(22));
        apply(Arrays.copyOf(full, data + 22));
        assertThat(read(root.resolve("a"))).isEqualTo("first");
        assertThat(read(root.resolve("last"))).isEqualTo("x".repeat(22));

        assertCorrupted(Arrays.copyOf(full, data + 22 + 7), Compression.NONE)
                .hasMessageContaining("after entry \"last\"");
    }

    @Test
    void apply_refusesATarHeaderWithABadChecksum() {
        byte[] tar = new ApplyTestTar().file("a", "x").bytes();
        byte[] metaHeader = tar.clone();
        metaHeader[0] ^= 1;
        byte[] ownHeader = tar.clone();
        ownHeader[1024 + 1] = 'b';

        assertCorrupted(metaHeader, Compression.NONE).hasMessageContaining("header checksum mismatch");
        assertCorrupted(ownHeader, Compression.NONE).hasMessageContaining("header checksum mismatch");
    }

    @Test
    void apply_refusesTruncatedGzipAndZstd() {
        byte[] tar = new ApplyTestTar().file("a", "y".repeat(100_000)).file("b", "z").bytes();
        byte[] gzip = ApplyTestTar.gzip(tar);
        byte[] zstd = ApplyTestTar.zstd(tar);

        assertCorrupted(Arrays.copyOf(gzip, gzip.length / 2), Compression.GZIP);
        assertCorrupted(Arrays.copyOf(gzip, gzip.length - 4), Compression.GZIP);
        assertCorrupted(Arrays.copyOf(zstd, zstd.length / 2), Compression.ZSTD);
        assertCorrupted(Arrays.copyOf(zstd, zstd.length - 3), Compression.ZSTD);
    }

    @Test
    void apply_refusesGarbageInsteadOfACompressedStream() {
        byte[] garbage = "this is not gzip at all, just text".repeat(100).getBytes(StandardCharsets.US_ASCII);

        assertCorrupted(garbage, Compression.GZIP).hasMessageContaining("Not in GZIP format");
        assertCorrupted(garbage, Compression.ZSTD);
        assertCorrupted(new byte[0], Compression.GZIP);
    }

    @Test
    void apply_refusesADigestMismatchNamingBothDigests() {
        byte[] tar = new ApplyTestTar().file("a", "x").bytes();
        byte[] blob = ApplyTestTar.gzip(tar);
        Digest wrong = Digest.sha256("something else");

        assertThatThrownBy(() -> apply(blob, Compression.GZIP, ApplyOptions.defaults().withExpectedDigest(wrong)))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DATA_CORRUPTED))
                .hasMessageContaining("digest mismatch")
                .hasMessageContaining("expected " + wrong)
                .hasMessageContaining("got " + Digest.sha256(blob));
    }

    @Test
    void apply_leavesTheCompressedBlobsDigestToACallerThatVerifiesIt_butNotAnUncompressedOnes() {
        byte[] tar = new ApplyTestTar().file("a", "x").bytes();
        byte[] blob = ApplyTestTar.gzip(tar);
        Digest claimed = Digest.sha256("checked by the caller");

        LayerDigests d = apply(blob, Compression.GZIP,
                ApplyOptions.defaults().withExpectedDigest(claimed).withBlobVerifiedByCaller());
        assertThat(d.digest()).isEqualTo(claimed);
        assertThat(d.size()).isEqualTo(blob.length);
        assertThat(d.diffId()).isEqualTo(Digest.sha256(tar));

        // An uncompressed blob's digest is its diff_id: computed and checked all the same.
        assertThatThrownBy(() -> apply(tar, Compression.NONE,
                ApplyOptions.defaults().withExpectedDigest(claimed).withBlobVerifiedByCaller()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DATA_CORRUPTED))
                .hasMessageContaining("digest mismatch");
    }

    @Test
    void apply_refusesADiffIdMismatchNamingBothDigests() {
        byte[] tar = new ApplyTestTar().file("a", "x").bytes();
        byte[] blob = ApplyTestTar.zstd(tar);
        Digest wrong = Digest.sha256("something else");

        assertThatThrownBy(() -> apply(blob, Compression.ZSTD, ApplyOptions.defaults()
                        .withExpectedDigest(Digest.sha256(blob)).withExpectedDiffId(wrong)))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.DATA_CORRUPTED))
                .hasMessageContaining("apply layer " + Digest.sha256(blob))
                .hasMessageContaining("diff_id mismatch")
                .hasMessageContaining("expected " + wrong)
                .hasMessageContaining("got " + Digest.sha256(tar));
    }

    @Test
    void apply_refusesHugeMetadataHeadersBeforeBufferingThem() {
        byte[] hugeName = "n".repeat(TarReader.HEADER_BUDGET + 1024).getBytes(StandardCharsets.US_ASCII);
        byte[] pax = new ApplyTestTar().pax(Map.of("path", hugeName)).file("x", "y").bytes();
        byte[] gnu = new ApplyTestTar()
                .entry("././@LongLink", TarConstants.LF_GNUTYPE_LONGNAME, e -> e.setSize(hugeName.length), hugeName)
                .file("x", "y")
                .bytes();

        assertInvalid(pax).hasMessageContaining("tar headers of one entry exceed");
        assertInvalid(gnu).hasMessageContaining("tar headers of one entry exceed");
    }

    @Test
    void apply_refusesMoreEntriesThanTheLimit() {
        ApplyTestTar tar = new ApplyTestTar();
        for (int i = 0; i < 11; i++) {
            tar.file("f" + i, "x");
        }

        assertThatThrownBy(() -> apply(tar.bytes(), ApplyOptions.defaults().withMaxEntries(10)))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageContaining("more than 10 entries");
    }

    @Test
    void apply_refusesNamesLongerThanTheKernelAccepts() {
        assertInvalid(new ApplyTestTar().file("a/" + "c".repeat(256), "x").bytes())
                .hasMessageContaining("longer than 255 bytes");
        assertInvalid(new ApplyTestTar().file("a/".repeat(2100) + "f", "x").bytes())
                .hasMessageContaining("longer than 4096 bytes");
    }

    @Test
    void apply_refusesOutOfRangeOwners() {
        byte[] tar = new ApplyTestTar().entry("f", TarConstants.LF_NORMAL, e -> e.setUserId(1L << 33), new byte[0]).bytes();

        assertInvalid(tar).hasMessageContaining("uid 8589934592 out of range");
    }

    @Test
    void apply_refusesAnEntryBelowAFile() throws IOException {
        Files.writeString(root.resolve("file"), "x");

        assertInvalid(new ApplyTestTar().file("file/below", "y").bytes()).hasMessageContaining("is not a directory");
    }

    @Test
    void apply_handlesTenThousandEntries() throws IOException {
        ApplyTestTar tar = new ApplyTestTar();
        for (int d = 0; d < 100; d++) {
            tar.dir("dir" + d);
            for (int f = 0; f < 99; f++) {
                tar.file("dir" + d + "/file" + f, "content " + d + "/" + f);
            }
        }
        byte[] bytes = tar.bytes();

        apply(bytes);

        assertThat(read(root.resolve("dir57/file98"))).isEqualTo("content 57/98");
        try (var all = Files.walk(root)) {
            assertThat(all.count()).isEqualTo(1 + 100 + 100 * 99);
        }
    }

    @Test
    void apply_createsDeviceNodesAndSetuidFilesOnlyInsideTheRoot() throws IOException {
        byte[] tar = new ApplyTestTar()
                .device("../mem", TarConstants.LF_CHR, 1, 1, 020600)
                .bytes();
        assertInvalid(tar).hasMessageContaining("path escapes root");

        byte[] inside = new ApplyTestTar()
                .symlink("dev", sentinel.toString())
                .device("dev/mem", TarConstants.LF_CHR, 1, 1, 020600)
                .file("dev/suid", new byte[0], 04755)
                .bytes();
        apply(inside);
        Path dev = root.resolve(sentinel.toString().substring(1));
        assertThat(Files.getAttribute(dev.resolve("mem"), "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(020600);
        assertThat(mode(dev.resolve("suid"))).isEqualTo(04755);
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertInvalid(byte[] tar) {
        return assertThatThrownBy(() -> apply(tar))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(ErrorKind.INVALID_ARGUMENT))
                .hasMessageStartingWith("apply layer: ");
    }

    private AbstractThrowableAssert<?, ? extends Throwable> assertCorrupted(byte[] blob, Compression compression) {
        return assertThatThrownBy(() -> apply(blob, compression, ApplyOptions.defaults()))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).as(e.getMessage()).isEqualTo(ErrorKind.DATA_CORRUPTED))
                .hasMessageStartingWith("apply layer: ");
    }
}
