package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Compression;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LayerDiffTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long T = 1_700_000_000L * SECOND;

    @TempDir
    Path tmp;

    private LayerTestTree lower() throws IOException {
        LayerTestTree t = LayerTestTree.at(tmp.resolve("lower"))
                .file("keep.txt", "same")
                .file("mod.txt", "old")
                .file("samesize.txt", "aaaa")
                .file("nsonly.txt", "n")
                .file("chmod.txt", "c")
                .file("del.txt", "d")
                .file("deldir/a", "a").file("deldir/sub/b", "b")
                .file("dir2file/a", "a")
                .file("file2dir", "f")
                .file("sub/deep/old.txt", "o")
                .file("emptied/a", "a").file("emptied/b", "b")
                .file("data", "shared");
        t.mtimeAll(T + 123);
        t.mtime("samesize.txt", T);
        return t;
    }

    private LayerTestTree upperFrom(LayerTestTree lower) throws Exception {
        Path upper = tmp.resolve("upper");
        ExternalTools.run("cp", "-a", lower.root().toString(), upper.toString());
        LayerTestTree u = LayerTestTree.at(upper);
        Files.writeString(u.path("mod.txt"), "new!");
        Files.writeString(u.path("samesize.txt"), "bbbb");
        u.mtime("samesize.txt", T);
        u.mtime("nsonly.txt", T + 456);
        u.mode("chmod.txt", 0600);
        Files.delete(u.path("del.txt"));
        ExternalTools.run("rm", "-r", u.path("deldir").toString(), u.path("dir2file").toString(),
                u.path("file2dir").toString());
        u.file("dir2file", "now a file").file("file2dir/child", "c").file("sub/deep/new.txt", "n");
        Files.delete(u.path("emptied/a"));
        Files.delete(u.path("emptied/b"));
        u.hardLink("data-link", "data");
        return u;
    }

    @Test
    void between_listsChangesLikeDockerDiff() throws Exception {
        LayerTestTree lower = lower();
        LayerTestTree upper = upperFrom(lower);

        assertThat(LayerDiff.between(lower.root(), upper.root()).changes()).map(Change::toString).containsExactly(
                "C /chmod.txt",
                "A /data-link",
                "D /del.txt",
                "D /deldir",
                "C /dir2file",
                "C /emptied",
                "D /emptied/a",
                "D /emptied/b",
                "C /file2dir",
                "A /file2dir/child",
                "C /mod.txt",
                "C /nsonly.txt",
                "C /samesize.txt",
                "C /sub",
                "C /sub/deep",
                "A /sub/deep/new.txt");
    }

    @Test
    void between_writesChangedEntriesWhiteoutsAndRelinkedHardLinks() throws Exception {
        LayerTestTree lower = lower();
        LayerTestTree upper = upperFrom(lower);

        List<String> entries = entries(LayerDiff.between(lower.root(), upper.root()));
        assertThat(entries).containsExactly(
                "0 chmod.txt",
                "0 data-link",
                "1 data -> data-link",
                "0 .wh.del.txt",
                "0 .wh.deldir",
                "0 dir2file",
                "5 emptied/",
                "0 emptied/.wh.a",
                "0 emptied/.wh.b",
                "5 file2dir/",
                "0 file2dir/child",
                "0 mod.txt",
                "0 nsonly.txt",
                "0 samesize.txt",
                "5 sub/",
                "5 sub/deep/",
                "0 sub/deep/new.txt");
    }

    @Test
    void between_appliedOnLower_givesUpperWithItsDirectoryTimesAndHardLinks() throws Exception {
        LayerTestTree lower = lower();
        LayerTestTree upper = upperFrom(lower);
        upper.mtimeAll(T + 789);
        Path blob = write(LayerDiff.between(lower.root(), upper.root()));
        Path target = tmp.resolve("target");
        ExternalTools.run("cp", "-a", lower.root().toString(), target.toString());
        try (var in = Files.newInputStream(blob)) {
            LayerApplier.apply(in, Compression.NONE, target, ApplyOptions.defaults());
        }
        assertThat(LayerTestTree.describe(target)).isEqualTo(LayerTestTree.describe(upper.root()));
    }

    @Test
    void between_whiteoutsAreEmptyRootOwnedFilesAtTimeZero() throws Exception {
        LayerTestTree lower = lower();
        LayerTestTree upper = upperFrom(lower);
        Path blob = write(LayerDiff.between(lower.root(), upper.root()));
        TarArchiveEntry wh = LayerWriterTest.readEntries(blob).stream()
                .filter(e -> e.getName().equals(".wh.del.txt")).findFirst().orElseThrow();
        assertThat(wh.isFile()).isTrue();
        assertThat(wh.getSize()).isZero();
        assertThat(wh.getMode()).isZero();
        assertThat(wh.getLongUserId()).isZero();
        assertThat(wh.getLastModifiedTime().toMillis()).isZero();
    }

    @Test
    void between_identicalTreesHaveNoChanges() throws Exception {
        LayerTestTree lower = lower();
        Path copy = tmp.resolve("copy");
        ExternalTools.run("cp", "-a", lower.root().toString(), copy.toString());
        assertThat(LayerDiff.between(lower.root(), copy).changes()).isEmpty();
        assertThat(entries(LayerDiff.between(lower.root(), copy))).isEmpty();
    }

    @Test
    void between_seesOwnerXattrSymlinkAndDeviceChanges() throws Exception {
        LayerTestTree lower = LayerTestTree.at(tmp.resolve("l"))
                .file("owner", "o").file("xattr", "x").symlink("link", "aaa").dir("dev").charDevice("dev/c", 1, 3);
        lower.mtimeAll(T);
        Path upper = tmp.resolve("u");
        ExternalTools.run("cp", "-a", lower.root().toString(), upper.toString());
        LayerTestTree u = LayerTestTree.at(upper).owner("owner", 7, 7)
                .xattr("xattr", "user.k", new byte[] {1});
        Files.delete(u.path("link"));
        Files.delete(u.path("dev/c"));
        u.symlink("link", "bbb").charDevice("dev/c", 1, 5).mtimeAll(T);

        assertThat(LayerDiff.between(lower.root(), upper).changes()).map(Change::toString)
                .containsExactly("C /dev", "C /dev/c", "C /link", "C /owner", "C /xattr");
    }

    @Test
    void ofTree_listsEverythingAsAdded() throws Exception {
        LayerTestTree t = LayerTestTree.at(tmp.resolve("t")).file("a/b", "b").file("c", "c");
        assertThat(LayerDiff.ofTree(t.root()).changes()).map(Change::toString)
                .containsExactly("A /a", "A /a/b", "A /c");
    }

    /** Lower layers in overlay form, topmost first: l2 deletes "gone" and adds etc/conf2 over l1. */
    private List<Path> overlayLowers() throws IOException {
        LayerTestTree l1 = LayerTestTree.at(tmp.resolve("l1"))
                .file("a.txt", "a").file("d/x", "x").file("d/y", "y").file("gone/z", "z").file("etc/conf", "c");
        LayerTestTree l2 = LayerTestTree.at(tmp.resolve("l2")).file("etc/conf2", "c2").charDevice("gone", 0, 0);
        l1.mtimeAll(T);
        l2.mtimeAll(T);
        return List.of(l2.root(), l1.root());
    }

    private LayerTestTree overlayUpper() throws IOException {
        LayerTestTree u = LayerTestTree.at(tmp.resolve("upper"))
                .charDevice("a.txt", 0, 0)
                .file("d/n", "n")
                .xattr("d", "trusted.overlay.opaque", new byte[] {'y'})
                .file("etc/conf", "changed")
                .xattr("etc/conf", "trusted.overlay.origin", new byte[] {1, 2})
                .xattr("etc/conf", "user.keep", new byte[] {'k'})
                .file("gone/new", "g")
                .file("new.txt", "new");
        u.mtimeAll(T);
        return u;
    }

    @Test
    void overlay_readsWhiteoutsAndOpaqueDirectoriesFromTheUpperDir() throws Exception {
        LayerDiff diff = LayerDiff.overlay(overlayLowers(), overlayUpper().root());

        assertThat(diff.changes()).map(Change::toString).containsExactly(
                "D /a.txt",
                "C /d",
                "A /d/n",
                "D /d/x",
                "D /d/y",
                "C /etc",
                "C /etc/conf",
                "A /gone",
                "A /gone/new",
                "A /new.txt");
        assertThat(entries(diff)).containsExactly(
                "0 .wh.a.txt",
                "5 d/",
                "0 d/.wh..wh..opq",
                "0 d/n",
                "5 etc/",
                "0 etc/conf",
                "5 gone/",
                "0 gone/new",
                "0 new.txt");
    }

    @Test
    void overlay_leavesOverlayXattrsOutOfTheLayer() throws Exception {
        Path blob = write(LayerDiff.overlay(overlayLowers(), overlayUpper().root()));
        for (TarArchiveEntry e : LayerWriterTest.readEntries(blob)) {
            assertThat(e.getExtraPaxHeaders().keySet()).as(e.getName()).noneMatch(k -> k.contains("overlay"));
        }
        TarArchiveEntry conf = LayerWriterTest.readEntries(blob).stream()
                .filter(e -> e.getName().equals("etc/conf")).findFirst().orElseThrow();
        assertThat(conf.getExtraPaxHeaders()).containsOnlyKeys("SCHILY.xattr.user.keep");
    }

    @Test
    void overlay_unchangedCopiedUpDirectoryIsOnlyAParent() throws Exception {
        List<Path> lowers = overlayLowers();
        LayerTestTree upper = LayerTestTree.at(tmp.resolve("upper")).dir("etc");
        upper.mtimeAll(T);
        assertThat(LayerDiff.overlay(lowers, upper.root()).changes()).isEmpty();
        upper.file("etc/new", "n").mtimeAll(T);
        assertThat(LayerDiff.overlay(lowers, upper.root()).changes()).map(Change::toString)
                .containsExactly("C /etc", "A /etc/new");
    }

    @Test
    void overlay_refusesMetacopyUpperDirectories() throws Exception {
        LayerTestTree upper = LayerTestTree.at(tmp.resolve("upper")).file("etc/conf", "")
                .xattr("etc/conf", "trusted.overlay.metacopy", new byte[0]);
        assertThatThrownBy(() -> new LayerWriter(LayerWriteOptions.preserve())
                .write(LayerDiff.overlay(overlayLowers(), upper.root()), Compression.NONE,
                        OutputStream.nullOutputStream()))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                .hasMessageContaining("etc/conf").hasMessageContaining("metacopy");
    }

    @Test
    void overlay_realMountGivesTheSameChangesAsComparingTrees() throws Exception {
        LayerTestTree lower = LayerTestTree.at(tmp.resolve("lower"))
                .file("rm.txt", "r").file("mod.txt", "m").file("keep/k", "k")
                .file("redo/a", "a").file("redo/b", "b").file("rmdir/x", "x");
        lower.mtimeAll(T);
        Path upper = Files.createDirectories(tmp.resolve("upper"));
        Path work = Files.createDirectories(tmp.resolve("work"));
        Path merged = Files.createDirectories(tmp.resolve("merged"));
        ExternalTools.Result mount = ExternalTools.tryRun("mount", "-t", "overlay", "overlay", "-o",
                "lowerdir=" + lower.root() + ",upperdir=" + upper + ",workdir=" + work + ",metacopy=off,redirect_dir=off",
                merged.toString());
        org.junit.jupiter.api.Assumptions.assumeTrue(mount.exitCode() == 0, "overlay mount: " + mount.stderr());
        Path snapshot = tmp.resolve("snapshot");
        try {
            Files.delete(merged.resolve("rm.txt"));
            Files.writeString(merged.resolve("mod.txt"), "changed", StandardCharsets.UTF_8);
            ExternalTools.run("rm", "-r", merged.resolve("redo").toString(), merged.resolve("rmdir").toString());
            Files.createDirectories(merged.resolve("redo"));
            Files.writeString(merged.resolve("redo/c"), "c");
            Files.writeString(merged.resolve("added"), "new");
            ExternalTools.run("cp", "-a", merged.toString(), snapshot.toString());
        } finally {
            ExternalTools.run("umount", merged.toString());
        }

        LayerDiff overlay = LayerDiff.overlay(List.of(lower.root()), upper);
        assertThat(overlay.changes()).isEqualTo(LayerDiff.between(lower.root(), snapshot).changes());
        assertThat(overlay.changes()).map(Change::toString).containsExactly(
                "A /added", "C /mod.txt", "C /redo", "D /redo/a", "D /redo/b", "A /redo/c", "D /rm.txt", "D /rmdir");
        assertThat(entries(overlay)).containsExactly(
                "0 added", "0 mod.txt", "5 redo/", "0 redo/.wh..wh..opq", "0 redo/c", "0 .wh.rm.txt", "0 .wh.rmdir");
    }

    private List<String> entries(LayerDiff diff) throws IOException {
        return LayerWriterTest.readEntries(write(diff)).stream()
                .map(e -> (char) e.getLinkFlag() + " " + e.getName() + (e.isLink() ? " -> " + e.getLinkName() : ""))
                .toList();
    }

    private Path write(LayerDiff diff) throws IOException {
        Path blob = Files.createTempFile(tmp, "diff", ".tar");
        try (OutputStream out = Files.newOutputStream(blob)) {
            new LayerWriter(LayerWriteOptions.preserve()).write(diff, Compression.NONE, out);
        }
        return blob;
    }
}
