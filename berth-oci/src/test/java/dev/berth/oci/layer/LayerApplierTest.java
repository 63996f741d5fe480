package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.linux.Syscalls;
import dev.berth.oci.spec.Compression;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LayerApplierTest extends ApplyTestBase {
    private static final FileTime MTIME = FileTime.from(ApplyTestTar.MTIME);

    @Test
    void apply_createsRegularFileWithOwnerModeAndNanosecondMtime() throws IOException {
        byte[] tar = new ApplyTestTar().entry("etc/motd", TarConstants.LF_NORMAL, e -> {
            e.setMode(0100640);
            e.setUserId(1234);
            e.setGroupId(5678);
            e.setUserName("ignored-user");
        }, "hello".getBytes(StandardCharsets.UTF_8)).bytes();

        apply(tar);

        Path f = root.resolve("etc/motd");
        assertThat(read(f)).isEqualTo("hello");
        assertThat(mode(f)).isEqualTo(0640);
        assertThat(uid(f)).isEqualTo(1234);
        assertThat(gid(f)).isEqualTo(5678);
        assertThat(Files.getLastModifiedTime(f, LinkOption.NOFOLLOW_LINKS)).isEqualTo(MTIME);
        assertThat(mode(root.resolve("etc"))).as("implicit parent").isEqualTo(0755);
    }

    @Test
    void apply_keepsSetuidSetgidAndStickyBitsAfterChown() throws IOException {
        byte[] tar = new ApplyTestTar()
                .entry("usr/bin/su", TarConstants.LF_NORMAL, e -> {
                    e.setMode(0104755);
                    e.setUserId(0);
                    e.setGroupId(42);
                }, new byte[] {1, 2, 3})
                .entry("shared", TarConstants.LF_DIR, e -> {
                    e.setMode(042775);
                    e.setGroupId(100);
                }, new byte[0])
                .dir("tmp", 01777)
                .bytes();

        apply(tar);

        assertThat(mode(root.resolve("usr/bin/su"))).isEqualTo(04755);
        assertThat(gid(root.resolve("usr/bin/su"))).isEqualTo(42);
        assertThat(mode(root.resolve("shared"))).isEqualTo(02775);
        assertThat(mode(root.resolve("tmp"))).isEqualTo(01777);
    }

    @Test
    void apply_createsSymlinkWithExactTargetOwnerAndMtime() throws IOException {
        byte[] tar = new ApplyTestTar()
                .entry("lib", TarConstants.LF_SYMLINK, e -> {
                    e.setLinkName("usr//lib/");
                    e.setUserId(7);
                    e.setGroupId(8);
                }, new byte[0])
                .symlink("etc/localtime", "/usr/share/zoneinfo/UTC")
                .bytes();

        apply(tar);

        Path lib = root.resolve("lib");
        assertThat(Files.isSymbolicLink(lib)).isTrue();
        assertThat(readLink(lib)).isEqualTo("usr//lib/");
        assertThat(uid(lib)).isEqualTo(7);
        assertThat(Files.getLastModifiedTime(lib, LinkOption.NOFOLLOW_LINKS)).isEqualTo(MTIME);
        assertThat(readLink(root.resolve("etc/localtime"))).isEqualTo("/usr/share/zoneinfo/UTC");
    }

    @Test
    void apply_createsHardLinksToThisLayerAndToTheTree() throws IOException {
        Files.writeString(root.resolve("lower"), "from below");
        byte[] tar = new ApplyTestTar()
                .file("a", "shared")
                .hardlink("dir/b", "a")
                .hardlink("/c", "/lower")
                .bytes();

        apply(tar);

        assertThat(key(root.resolve("dir/b"))).isEqualTo(key(root.resolve("a")));
        assertThat(read(root.resolve("dir/b"))).isEqualTo("shared");
        assertThat(key(root.resolve("c"))).isEqualTo(key(root.resolve("lower")));
        assertThat(Files.getAttribute(root.resolve("a"), "unix:nlink")).isEqualTo(2);
    }

    @Test
    void apply_createsDeviceNodesAndFifos() throws IOException {
        byte[] tar = new ApplyTestTar()
                .device("dev/null", TarConstants.LF_CHR, 1, 3, 020666)
                .device("dev/loop0", TarConstants.LF_BLK, 7, 0, 060660)
                .fifo("run/pipe")
                .bytes();

        apply(tar);

        Path nul = root.resolve("dev/null");
        assertThat(Files.getAttribute(nul, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(020666);
        long rdev = (long) Files.getAttribute(nul, "unix:rdev", LinkOption.NOFOLLOW_LINKS);
        assertThat(Syscalls.major(rdev)).isEqualTo(1);
        assertThat(Syscalls.minor(rdev)).isEqualTo(3);
        Path loop = root.resolve("dev/loop0");
        assertThat(Files.getAttribute(loop, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(060660);
        assertThat(Syscalls.major((long) Files.getAttribute(loop, "unix:rdev", LinkOption.NOFOLLOW_LINKS))).isEqualTo(7);
        assertThat(Files.getAttribute(root.resolve("run/pipe"), "unix:mode", LinkOption.NOFOLLOW_LINKS))
                .isEqualTo(010640);
    }

    @Test
    void apply_setsXattrsFromSchilyAndLibarchiveRecordsKeepingBinaryValues() throws IOException {
        // VFS_CAP_REVISION_2 with CAP_SETUID (bit 7): its 0x80 byte is not valid UTF-8 on its own.
        byte[] capability = {1, 0, 0, 2, (byte) 0x80, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        Map<String, byte[]> records = new LinkedHashMap<>();
        records.put("SCHILY.xattr.security.capability", capability);
        records.put("SCHILY.xattr.user.plain", "v1".getBytes(StandardCharsets.UTF_8));
        records.put("LIBARCHIVE.xattr.user.%41b", Base64.getEncoder().withoutPadding().encodeToString(new byte[] {9, (byte) 0xff}).getBytes(StandardCharsets.US_ASCII));
        records.put("SCHILY.xattr.trusted.overlay.opaque", "y".getBytes(StandardCharsets.US_ASCII));
        byte[] tar = new ApplyTestTar()
                .pax(records)
                .file("bin/ping", new byte[] {0x7f, 'E', 'L', 'F'}, 0755)
                .bytes();

        apply(tar);

        Path ping = root.resolve("bin/ping");
        assertThat(Syscalls.lgetxattr(ping, "security.capability")).hasValueSatisfying(v -> assertThat(v).isEqualTo(capability));
        assertThat(Syscalls.lgetxattr(ping, "user.plain")).hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.UTF_8)).isEqualTo("v1"));
        assertThat(Syscalls.lgetxattr(ping, "user.Ab")).hasValueSatisfying(v -> assertThat(v).isEqualTo(new byte[] {9, (byte) 0xff}));
        assertThat(Syscalls.lgetxattr(ping, "trusted.overlay.opaque")).as("trusted.* from a layer is refused").isEmpty();
        assertThat(read(ping)).startsWith("\u007fELF");
    }

    @Test
    void apply_directoryEntryOverAnExistingDirectory_replacesItsXattrsAndKeepsItsContents() throws IOException {
        Path etc = Files.createDirectories(root.resolve("etc"));
        Files.writeString(etc.resolve("kept"), "k");
        Syscalls.lsetxattr(etc, "user.old", "o".getBytes(StandardCharsets.UTF_8));
        Syscalls.lsetxattr(etc, "trusted.host", "h".getBytes(StandardCharsets.UTF_8));
        byte[] tar = new ApplyTestTar()
                .pax(Map.of("SCHILY.xattr.user.new", "n".getBytes(StandardCharsets.UTF_8)))
                .dir("etc")
                .bytes();

        apply(tar);

        assertThat(Syscalls.llistxattr(etc)).containsExactlyInAnyOrder("user.new", "trusted.host");
        assertThat(read(etc.resolve("kept"))).isEqualTo("k");
    }

    @ParameterizedTest
    @EnumSource(names = {"POSIX", "GNU"})
    void apply_handlesLongNamesAndLongLinkTargets(LongNames format) throws IOException {
        String dir = "d".repeat(120) + "/" + "e".repeat(150);
        String file = dir + "/" + "f".repeat(200);
        String linkTarget = "/" + "t".repeat(180) + "/target";
        byte[] tar = new ApplyTestTar(format.mode)
                .file(file, "deep")
                .symlink("short-link", linkTarget)
                .hardlink("g".repeat(130), file)
                .bytes();

        apply(tar);

        assertThat(read(root.resolve(file))).isEqualTo("deep");
        assertThat(readLink(root.resolve("short-link"))).isEqualTo(linkTarget);
        assertThat(key(root.resolve("g".repeat(130)))).isEqualTo(key(root.resolve(file)));
    }

    enum LongNames {
        POSIX(TarArchiveOutputStream.LONGFILE_POSIX),
        GNU(TarArchiveOutputStream.LONGFILE_GNU);

        final int mode;

        LongNames(int mode) {
            this.mode = mode;
        }
    }

    @Test
    void apply_setsDirectoryModeAndMtimeAfterItsContent() throws IOException {
        byte[] tar = new ApplyTestTar()
                .dir("locked", 0500)
                .file("locked/inner", "x")
                .dir("locked/sub", 0700)
                .file("locked/sub/deeper", "y")
                .bytes();

        apply(tar);

        assertThat(Files.getLastModifiedTime(root.resolve("locked"))).isEqualTo(MTIME);
        assertThat(Files.getLastModifiedTime(root.resolve("locked/sub"))).isEqualTo(MTIME);
        assertThat(mode(root.resolve("locked"))).isEqualTo(0500);
        assertThat(read(root.resolve("locked/sub/deeper"))).isEqualTo("y");
    }

    @Test
    void apply_ignoresAnEntryForTheRootItself() throws IOException {
        Syscalls.chmod(root, 0711);
        apply(new ApplyTestTar().dir("./", 0777).dir("/", 0700).file("./a", "x").bytes());

        assertThat(mode(root)).isEqualTo(0711);
        assertThat(listRoot()).containsExactly("a");
    }

    @Test
    void apply_replacesEntriesOfAnotherTypeAndMergesDirectories() throws IOException {
        Files.createDirectories(root.resolve("was-dir/child"));
        Files.writeString(root.resolve("was-file"), "old");
        Files.createDirectories(root.resolve("merged"));
        Files.writeString(root.resolve("merged/lower"), "kept");
        Files.createDirectories(root.resolve("real-dir"));
        Files.createSymbolicLink(root.resolve("was-link"), root.resolve("real-dir"));
        byte[] tar = new ApplyTestTar()
                .file("was-dir", "now a file")
                .dir("was-file", 0750)
                .dir("merged", 0700)
                .file("merged/upper", "new")
                .dir("was-link")
                .bytes();

        apply(tar);

        assertThat(read(root.resolve("was-dir"))).isEqualTo("now a file");
        assertThat(Files.isDirectory(root.resolve("was-file"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(mode(root.resolve("was-file"))).isEqualTo(0750);
        assertThat(read(root.resolve("merged/lower"))).isEqualTo("kept");
        assertThat(read(root.resolve("merged/upper"))).isEqualTo("new");
        assertThat(mode(root.resolve("merged"))).isEqualTo(0700);
        assertThat(Files.isDirectory(root.resolve("was-link"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Files.exists(root.resolve("real-dir"))).isTrue();
    }

    @Test
    void apply_replacingAHardLinkedFileLeavesTheOtherLinkAlone() throws IOException {
        Files.writeString(root.resolve("one"), "original");
        Files.createLink(root.resolve("two"), root.resolve("one"));

        apply(new ApplyTestTar().file("one", "replaced").bytes());

        assertThat(read(root.resolve("one"))).isEqualTo("replaced");
        assertThat(read(root.resolve("two"))).isEqualTo("original");
    }

    @Test
    void apply_withIgnoreOwnership_leavesOwnerToTheApplyingUser() throws IOException {
        byte[] tar = new ApplyTestTar().entry("f", TarConstants.LF_NORMAL, e -> {
            e.setMode(0104755);
            e.setUserId(1234);
            e.setGroupId(1234);
        }, new byte[0]).bytes();

        apply(tar, ApplyOptions.defaults().withIgnoreOwnership(true));

        assertThat(uid(root.resolve("f"))).isZero();
        assertThat(mode(root.resolve("f"))).isEqualTo(04755);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void apply_returnsDigestOfBlobAndDiffIdOfTarComputedInOnePass(Compression compression) {
        byte[] tar = new ApplyTestTar().dir("a").file("a/b", "content".repeat(10_000)).bytes();
        byte[] blob = switch (compression) {
            case NONE -> tar;
            case GZIP -> ApplyTestTar.gzip(tar);
            case ZSTD -> ApplyTestTar.zstd(tar);
        };

        LayerDigests d = apply(blob, compression, ApplyOptions.defaults()
                .withExpectedDigest(Digest.sha256(blob)).withExpectedDiffId(Digest.sha256(tar)));

        assertThat(d).isEqualTo(new LayerDigests(Digest.sha256(blob), blob.length, Digest.sha256(tar), tar.length));
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void apply_smallBlobOfKnownSize_onTheCallingThread_givesTheSameDigestsAndTree(Compression compression)
            throws IOException {
        byte[] tar = new ApplyTestTar().dir("a").file("a/b", "content".repeat(10_000)).symlink("a/c", "b").bytes();
        byte[] blob = switch (compression) {
            case NONE -> tar;
            case GZIP -> ApplyTestTar.gzip(tar);
            case ZSTD -> ApplyTestTar.zstd(tar);
        };
        Thread caller = Thread.currentThread();
        Thread[] reader = new Thread[1];
        InputStream source = new FilterInputStream(new ByteArrayInputStream(blob)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                reader[0] = Thread.currentThread();
                return super.read(b, off, len);
            }
        };

        LayerDigests d = LayerApplier.apply(source, compression, root, ApplyOptions.defaults()
                .withExpectedDigest(Digest.sha256(blob)).withExpectedDiffId(Digest.sha256(tar))
                .withExpectedSize(blob.length));

        assertThat(d).isEqualTo(new LayerDigests(Digest.sha256(blob), blob.length, Digest.sha256(tar), tar.length));
        assertThat(reader[0]).isSameAs(caller);
        assertThat(read(root.resolve("a/b"))).isEqualTo("content".repeat(10_000));
        assertThat(Files.readSymbolicLink(root.resolve("a/c"))).isEqualTo(Path.of("b"));
    }

    @Test
    void apply_blobOfAnotherSizeThanExpected_isCorrupted() {
        byte[] tar = new ApplyTestTar().file("a", "x").bytes();

        assertThatThrownBy(() -> apply(tar, Compression.NONE, ApplyOptions.defaults().withExpectedSize(tar.length + 1)))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.DATA_CORRUPTED))
                .hasMessageContaining("size " + tar.length + ", expected " + (tar.length + 1));
    }

    @Test
    void apply_gzipOfConcatenatedMembers_onTheCallingThread_isOneTar() throws IOException {
        byte[] tar = new ApplyTestTar().file("first", "x".repeat(70_000)).file("second", "after the boundary").bytes();
        int half = tar.length / 2;
        byte[] first = ApplyTestTar.gzip(Arrays.copyOf(tar, half));
        byte[] second = ApplyTestTar.gzip(Arrays.copyOfRange(tar, half, tar.length));
        byte[] blob = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, blob, first.length, second.length);

        LayerDigests d = apply(blob, Compression.GZIP, ApplyOptions.defaults().withExpectedSize(blob.length));

        assertThat(d).isEqualTo(new LayerDigests(Digest.sha256(blob), blob.length, Digest.sha256(tar), tar.length));
        assertThat(read(root.resolve("second"))).isEqualTo("after the boundary");
    }

    @Test
    void apply_gzipOfConcatenatedMembers_spanningReadAheadChunks_isOneTar() throws IOException {
        byte[] noise = new byte[3 * ReadAhead.CHUNK];
        new java.util.Random(4).nextBytes(noise);
        byte[] tar = new ApplyTestTar().file("first", noise, 0644)
                .file("second", "after the member boundary").bytes();
        int half = tar.length / 2;
        byte[] first = ApplyTestTar.gzip(Arrays.copyOf(tar, half));
        byte[] second = ApplyTestTar.gzip(Arrays.copyOfRange(tar, half, tar.length));
        byte[] blob = Arrays.copyOf(first, first.length + second.length);
        System.arraycopy(second, 0, blob, first.length, second.length);

        LayerDigests d = apply(blob, Compression.GZIP, ApplyOptions.defaults()
                .withExpectedDigest(Digest.sha256(blob)).withExpectedDiffId(Digest.sha256(tar)));

        assertThat(d).isEqualTo(new LayerDigests(Digest.sha256(blob), blob.length, Digest.sha256(tar), tar.length));
        assertThat(read(root.resolve("second"))).isEqualTo("after the member boundary");
        assertThat(Files.size(root.resolve("first"))).isEqualTo(noise.length);
    }

    @Test
    void apply_digestsBytesAfterTheEndOfTheArchive() {
        byte[] tar = new ApplyTestTar().file("a", "x").bytes();
        byte[] padded = Arrays.copyOf(tar, tar.length + 4096);

        LayerDigests d = apply(padded);

        assertThat(d.diffId()).isEqualTo(Digest.sha256(padded));
        assertThat(d.diffSize()).isEqualTo(padded.length);
    }

    @Test
    void apply_acceptsAnEmptyTar() throws IOException {
        LayerDigests d = apply(new byte[0]);

        assertThat(d.size()).isZero();
        assertThat(listRoot()).isEmpty();
    }

    @Test
    void apply_reportsAMissingRootAndAFailingSource() {
        assertThatThrownBy(() -> LayerApplier.apply(new ByteArrayInputStream(new byte[0]), Compression.NONE,
                        root.resolve("missing"), ApplyOptions.defaults()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessageContaining("does not exist");

        byte[] tar = new ApplyTestTar().file("a", "x".repeat(100_000)).bytes();
        InputStream failing = new FilterInputStream(new ByteArrayInputStream(tar, 0, 50_000)) {
            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = super.read(b, off, len);
                if (n < 0) {
                    throw new IOException("connection reset");
                }
                return n;
            }
        };
        assertThatThrownBy(() -> LayerApplier.apply(failing, Compression.NONE, root, ApplyOptions.defaults()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.INTERNAL))
                .hasMessageContaining("read layer blob: connection reset");
    }

    /** The symlink's target byte for byte: NIO normalises what it returns, so an odd one is read with readlink(1). */
    private static String readLink(Path p) throws IOException {
        String normalised = Files.readSymbolicLink(p).toString();
        long size = Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).size();
        if (size == normalised.length()) {
            return normalised;
        }
        Process readlink = new ProcessBuilder("readlink", p.toString()).start();
        return new String(readlink.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }

    private static Object key(Path p) throws IOException {
        return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
    }
}
