package dev.berth.oci.layer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.linux.Syscalls;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarConstants;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class LayerApplierWhiteoutTest extends ApplyTestBase {
    private static final ApplyOptions OVERLAY = ApplyOptions.defaults().withWhiteoutMode(WhiteoutMode.OVERLAY);

    @BeforeEach
    void lowerLayers() throws IOException {
        Files.createDirectories(root.resolve("etc/conf.d"));
        Files.writeString(root.resolve("etc/conf.d/a.conf"), "a");
        Files.writeString(root.resolve("etc/hosts"), "hosts");
        Files.createDirectories(root.resolve("var/cache/apt/archives"));
        Files.writeString(root.resolve("var/cache/apt/archives/x.deb"), "deb");
        Files.writeString(root.resolve("var/cache/apt/pkgcache.bin"), "cache");
        Files.createDirectories(root.resolve("usr/lib"));
        Files.createSymbolicLink(root.resolve("lib"), Path.of("usr/lib"));
        Files.writeString(root.resolve("usr/lib/libz.so"), "z");
    }

    @Test
    void delete_removesFilesDirectoriesAndSymlinksThemselves() throws IOException {
        byte[] tar = new ApplyTestTar()
                .whiteout("etc/.wh.hosts")
                .whiteout("etc/.wh.conf.d")
                .whiteout(".wh.lib")
                .whiteout("etc/.wh.never-existed")
                .bytes();

        apply(tar);

        assertThat(root.resolve("etc/hosts")).doesNotExist();
        assertThat(root.resolve("etc/conf.d")).doesNotExist();
        assertThat(Files.exists(root.resolve("lib"), LinkOption.NOFOLLOW_LINKS)).isFalse();
        assertThat(root.resolve("usr/lib/libz.so")).as("a symlink is removed, not followed").exists();
        assertThat(listRoot()).noneMatch(p -> p.contains(".wh."));
    }

    @Test
    void delete_followsParentSymlinksInsideTheRoot() throws IOException {
        apply(new ApplyTestTar().whiteout("lib/.wh.libz.so").bytes());

        assertThat(root.resolve("usr/lib/libz.so")).doesNotExist();
        assertThat(Files.isSymbolicLink(root.resolve("lib"))).isTrue();
    }

    @Test
    void delete_opaqueDirectoryDropsLowerContentButKeepsThisLayersEntries() throws IOException {
        byte[] tar = new ApplyTestTar()
                .dir("var/cache/apt")
                .file("var/cache/apt/before-marker", "mine")
                .whiteout("var/cache/apt/.wh..wh..opq")
                .file("var/cache/apt/archives/after-marker.deb", "mine too")
                .bytes();

        apply(tar);

        assertThat(read(root.resolve("var/cache/apt/before-marker"))).isEqualTo("mine");
        assertThat(read(root.resolve("var/cache/apt/archives/after-marker.deb"))).isEqualTo("mine too");
        assertThat(root.resolve("var/cache/apt/pkgcache.bin")).doesNotExist();
        assertThat(root.resolve("var/cache/apt/archives/x.deb")).doesNotExist();
        assertThat(root.resolve("var/cache/apt/.wh..wh..opq")).doesNotExist();
    }

    @Test
    void delete_opaqueKeepsLowerContentOfDirectoriesThisLayerOnlyMerged() throws IOException {
        // The layer's own "archives" directory merges with the lower one; the opaque marker of its parent still
        // hides the lower files inside it.
        byte[] tar = new ApplyTestTar()
                .dir("var/cache/apt/archives")
                .whiteout("var/cache/apt/.wh..wh..opq")
                .bytes();

        apply(tar);

        assertThat(root.resolve("var/cache/apt/archives")).isDirectory();
        assertThat(root.resolve("var/cache/apt/archives/x.deb")).doesNotExist();
        assertThat(root.resolve("var/cache/apt/pkgcache.bin")).doesNotExist();
    }

    @Test
    void delete_whiteoutNeverHidesAnEntryOfTheSameLayer() throws IOException {
        byte[] tar = new ApplyTestTar()
                .file("etc/hosts", "new hosts")
                .whiteout("etc/.wh.hosts")
                .dir("etc/conf.d")
                .file("etc/conf.d/b.conf", "b")
                .whiteout("etc/.wh.conf.d")
                .bytes();

        apply(tar);

        assertThat(read(root.resolve("etc/hosts"))).isEqualTo("new hosts");
        assertThat(read(root.resolve("etc/conf.d/b.conf"))).isEqualTo("b");
        assertThat(root.resolve("etc/conf.d/a.conf")).as("the lower content is still hidden").doesNotExist();
    }

    @Test
    void delete_whiteoutBeforeTheEntryReplacesTheLowerOne() throws IOException {
        apply(new ApplyTestTar().whiteout("etc/.wh.conf.d").file("etc/conf.d", "now a file").bytes());

        assertThat(read(root.resolve("etc/conf.d"))).isEqualTo("now a file");
    }

    @Test
    void delete_ignoresAufsMetadataEntries() throws IOException {
        apply(new ApplyTestTar().whiteout(".wh..wh.plnk").dir(".wh..wh.aufs").bytes());

        assertThat(listRoot()).noneMatch(p -> p.startsWith(".wh."));
        assertThat(root.resolve("etc/hosts")).exists();
    }

    @Test
    void overlay_turnsWhiteoutsIntoCharDevice00AndOpaqueIntoXattr() throws IOException {
        Path lower = root;
        byte[] tar = new ApplyTestTar()
                .entry("etc/.wh.hosts", TarConstants.LF_NORMAL, e -> {
                    e.setUserId(33);
                    e.setGroupId(44);
                }, new byte[0])
                .dir("var/cache/apt")
                .whiteout("var/cache/apt/.wh..wh..opq")
                .file("var/cache/apt/mine", "x")
                .whiteout("new/dir/.wh.gone")
                .bytes();

        apply(tar, OVERLAY);

        Path hosts = lower.resolve("etc/hosts");
        assertThat(Files.getAttribute(hosts, "unix:mode", LinkOption.NOFOLLOW_LINKS)).isEqualTo(Syscalls.S_IFCHR);
        assertThat((long) Files.getAttribute(hosts, "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isZero();
        assertThat(uid(hosts)).isEqualTo(33);
        assertThat(gid(hosts)).isEqualTo(44);
        assertThat(Syscalls.lgetxattr(root.resolve("var/cache/apt"), "trusted.overlay.opaque"))
                .hasValueSatisfying(v -> assertThat(new String(v, StandardCharsets.US_ASCII)).isEqualTo("y"));
        assertThat(root.resolve("var/cache/apt/pkgcache.bin")).as("OVERLAY deletes nothing").exists();
        assertThat(Files.getAttribute(root.resolve("new/dir/gone"), "unix:rdev", LinkOption.NOFOLLOW_LINKS)).isEqualTo(0L);
        assertThat(listRoot()).noneMatch(p -> p.contains(".wh."));
    }

    @Test
    void overlay_whiteoutOfADirectoryWithOwnEntriesMakesItOpaque() throws IOException {
        apply(new ApplyTestTar().dir("d").file("d/f", "x").whiteout(".wh.d").file("g", "y").whiteout(".wh.g").bytes(),
                OVERLAY);

        assertThat(Files.isDirectory(root.resolve("d"), LinkOption.NOFOLLOW_LINKS)).isTrue();
        assertThat(Syscalls.lgetxattr(root.resolve("d"), "trusted.overlay.opaque")).isPresent();
        assertThat(read(root.resolve("g"))).isEqualTo("y");
    }

    @Test
    void overlay_layerCannotSetOverlayXattrsItself() throws IOException {
        byte[] tar = new ApplyTestTar()
                .pax(Map.of("SCHILY.xattr.trusted.overlay.redirect", "/etc".getBytes(StandardCharsets.US_ASCII)))
                .dir("d")
                .bytes();

        apply(tar, OVERLAY);

        assertThat(Syscalls.llistxattr(root.resolve("d"))).noneMatch(n -> n.startsWith("trusted."));
    }
}
