package dev.berth.oci.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyscallsTest {
    @TempDir
    Path dir;

    @Test
    void writeFifoNow_failsAtOnceWithoutAReader_andWritesTheWholeLineWithOne() throws IOException {
        Path fifo = dir.resolve("ctl");
        Syscalls.mknod(fifo, Syscalls.S_IFIFO, 0600, 0);
        assertThatThrownBy(() -> Syscalls.writeFifoNow(fifo, "1 33 111\n".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOfSatisfying(ErrnoException.class,
                        e -> assertThat(e.errno()).isEqualTo(ErrnoException.ENXIO))
                .hasMessageContaining(fifo.toString());

        // A reader that never blocks: read-write opens of a fifo return at once on Linux.
        try (java.io.RandomAccessFile reader = new java.io.RandomAccessFile(fifo.toFile(), "rw")) {
            Syscalls.writeFifoNow(fifo, "1 33 111\n".getBytes(StandardCharsets.US_ASCII));
            byte[] line = new byte[9];
            reader.readFully(line);
            assertThat(new String(line, StandardCharsets.US_ASCII)).isEqualTo("1 33 111\n");
        }
    }

    @Test
    void makedev_roundTripsLargeMajorsAndMinors() {
        for (int[] mm : new int[][] {{1, 3}, {8, 1}, {259, 0}, {4095, 255}, {4096, 1 << 19}}) {
            long dev = Syscalls.makedev(mm[0], mm[1]);
            assertThat(Syscalls.major(dev)).isEqualTo(mm[0]);
            assertThat(Syscalls.minor(dev)).isEqualTo(mm[1]);
        }
        assertThat(Syscalls.makedev(1, 3)).isEqualTo(0x103);
    }

    @Test
    void mknod_createsFifoAndCharDevice() throws IOException {
        Path fifo = dir.resolve("fifo");
        Syscalls.mknod(fifo, Syscalls.S_IFIFO, 0640, 0);
        assertThat(Files.readAttributes(fifo, java.nio.file.attribute.BasicFileAttributes.class).isOther()).isTrue();
        assertThat((int) Files.getAttribute(fifo, "unix:mode") & 07777).isEqualTo(0640);

        Path nul = dir.resolve("null");
        Syscalls.mknod(nul, Syscalls.S_IFCHR, 0666, Syscalls.makedev(1, 3));
        long rdev = (long) Files.getAttribute(nul, "unix:rdev");
        assertThat(Syscalls.major(rdev)).isEqualTo(1);
        assertThat(Syscalls.minor(rdev)).isEqualTo(3);
    }

    @Test
    void mknod_reportsErrnoWithPath() {
        Path missing = dir.resolve("no/such/dir/node");
        assertThatThrownBy(() -> Syscalls.mknod(missing, Syscalls.S_IFIFO, 0600, 0))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("mknod " + missing)
                .hasMessageContaining("No such file or directory");
    }

    @Test
    void fileHandle_isOneForTwoNamesOfAFile_andAbsentForNoFile() throws IOException {
        Path f = Files.createFile(dir.resolve("f"));
        Path g = Files.createLink(dir.resolve("g"), f);
        FileHandle handle = Syscalls.fileHandle(f).orElseThrow();
        assertThat(Syscalls.fileHandle(g)).contains(handle);
        assertThat(Syscalls.fileHandle(Files.createFile(dir.resolve("h")))).isPresent().get().isNotEqualTo(handle);
        assertThat(Syscalls.fileHandle(dir.resolve("none"))).isEmpty();
    }

    @Test
    void chmod_keepsSetuidSetgidSticky() throws IOException {
        Path f = Files.createFile(dir.resolve("f"));
        Syscalls.chmod(f, 07755);
        assertThat((int) Files.getAttribute(f, "unix:mode") & 07777).isEqualTo(07755);
    }

    @Test
    void lchownAndLutimes_applyToTheSymlinkItself() throws IOException {
        Path target = Files.createFile(dir.resolve("target"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), target);
        Syscalls.lchown(link, 1234, 5678);
        Syscalls.lutimes(link, 1_000_000_000_123L, 2_000_000_000_456L);
        assertThat(Files.getAttribute(link, "unix:uid", LinkOption.NOFOLLOW_LINKS)).isEqualTo(1234);
        assertThat(Files.getAttribute(target, "unix:uid")).isNotEqualTo(1234);
        FileTime mtime = Files.getLastModifiedTime(link, LinkOption.NOFOLLOW_LINKS);
        assertThat(mtime.toInstant().getEpochSecond()).isEqualTo(2000);
        assertThat(mtime.toInstant().getNano()).isEqualTo(456);
    }

    @Test
    void xattrs_setListGetInTrustedAndUserNamespaces() throws IOException {
        Path f = Files.createFile(dir.resolve("x"));
        Syscalls.lsetxattr(f, "user.berth", "v1".getBytes());
        Syscalls.lsetxattr(f, "trusted.overlay.opaque", "y".getBytes());
        byte[] big = new byte[3000];
        big[2999] = 7;
        Syscalls.lsetxattr(f, "user.big", big);
        assertThat(Syscalls.llistxattr(f)).contains("user.berth", "trusted.overlay.opaque", "user.big");
        assertThat(Syscalls.lgetxattr(f, "user.berth")).hasValueSatisfying(v -> assertThat(v).isEqualTo("v1".getBytes()));
        assertThat(Syscalls.lgetxattr(f, "user.big")).hasValueSatisfying(v -> assertThat(v).isEqualTo(big));
        assertThat(Syscalls.lgetxattr(f, "user.none")).isEmpty();
    }

    @Test
    void symlink_keepsTheTargetByteForByte() throws IOException {
        Path link = dir.resolve("link");
        Syscalls.symlink("usr//lib/", link);
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readAttributes(link, java.nio.file.attribute.BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .size()).isEqualTo("usr//lib/".length());
    }

    @Test
    void failures_carryTheErrno() throws IOException {
        Path link = dir.resolve("exists");
        Files.createFile(link);
        assertThatThrownBy(() -> Syscalls.symlink("x", link))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(17))
                .hasMessageContaining("File exists");
        assertThatThrownBy(() -> Syscalls.lsetxattr(link, "nonamespace", new byte[] {1}))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(ErrnoException.ENOTSUP));
    }
    @Test
    void spreadSubdirectories_setsTheTopDirAttribute_keepingTheOthers() throws Exception {
        Path top = Files.createDirectory(dir.resolve("top"));
        run("chattr", "+A", top.toString()); // noatime: another attribute, which must stay
        boolean spread = Syscalls.spreadSubdirectories(top);
        assertThat(spread).as("ext4 keeps the attribute; this test runs on ext4").isTrue();
        assertThat(run("lsattr", "-d", top.toString()).split(" ")[0]).contains("T").contains("A");
        assertThat(Syscalls.spreadSubdirectories(top)).isTrue();
    }

    @Test
    void spreadSubdirectories_isFalse_whereTheFileSystemRefusesTheAttribute() throws IOException {
        Path shm = Path.of("/dev/shm");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(shm), "tmpfs at /dev/shm");
        Path onTmpfs = Files.createTempDirectory(shm, "berth-spread");
        try {
            assertThat(Syscalls.spreadSubdirectories(onTmpfs)).isFalse();
        } finally {
            Files.delete(onTmpfs);
        }
    }

    @Test
    void spreadSubdirectories_refusesAFileAndDoesNotFollowASymlink() throws IOException {
        Path file = Files.createFile(dir.resolve("file"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), dir);
        assertThatThrownBy(() -> Syscalls.spreadSubdirectories(file))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(20));
        // The link names a directory: followed, it would have been marked.
        assertThatThrownBy(() -> Syscalls.spreadSubdirectories(link))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(20));
    }

    @Test
    void lstat_describesThePathItself_andIsEmptyWhenAbsent() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "12345");
        Path link = Files.createSymbolicLink(dir.resolve("link"), Path.of("file"));
        Path hard = Files.createLink(dir.resolve("hard"), file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(1_700_000_000_123L));
        Syscalls.chmod(file, 04640);

        FileStat f = Syscalls.lstat(file).orElseThrow();
        assertThat(f.isRegularFile()).isTrue();
        assertThat(f.size()).isEqualTo(5);
        assertThat(f.mode() & 07777).isEqualTo(04640);
        assertThat(f.lastModifiedTime()).isEqualTo(Files.getLastModifiedTime(file));
        assertThat(f.fileKey()).isEqualTo(Syscalls.lstat(hard).orElseThrow().fileKey());

        FileStat l = Syscalls.lstat(link).orElseThrow();
        assertThat(l.isSymbolicLink()).isTrue();
        assertThat(l.size()).isEqualTo("file".length());
        assertThat(l.fileKey()).isNotEqualTo(f.fileKey());
        assertThat(Syscalls.lstat(dir).orElseThrow().isDirectory()).isTrue();

        assertThat(Syscalls.lstat(dir.resolve("absent"))).isEmpty();
        assertThatThrownBy(() -> Syscalls.lstat(file.resolve("below-a-file")))
                .isInstanceOfSatisfying(ErrnoException.class, e -> assertThat(e.errno()).isEqualTo(20));
    }

    private static String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(String.join(" ", command) + ": " + out).isZero();
        return out;
    }
}
