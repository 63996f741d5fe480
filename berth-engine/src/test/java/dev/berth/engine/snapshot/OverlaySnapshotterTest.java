package dev.berth.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OverlaySnapshotterTest extends SnapshotterContract {
    @Override
    Snapshotter open(Path root) {
        return OverlaySnapshotter.open(root);
    }

    @BeforeEach
    void overlayWorksHere() {
        org.junit.jupiter.api.Assumptions.assumeTrue(OverlaySnapshotter.supported(root), "overlayfs unavailable");
    }

    @Test
    void supported_onALocalFileSystem_leavesNoProbeBehind() throws IOException {
        assertThat(OverlaySnapshotter.supported(root)).isTrue();
        try (var entries = Files.list(root)) {
            assertThat(entries).isEmpty();
        }
    }

    @Test
    void layersWhosePathsExceedAPage_mountThroughTheContextApi(@TempDir Path layers) throws IOException {
        List<Path> lowers = new ArrayList<>();
        String longName = "l".repeat(200);
        for (int i = 0; i < 60; i++) {
            Path dir = Files.createDirectories(layers.resolve(longName + i));
            Files.writeString(dir.resolve("file" + i), "layer " + i);
            Files.writeString(dir.resolve("shared"), "layer " + i);
            lowers.add(0, dir);
        }
        assertThat(OverlayMount.options(lowers, root, root).length()).isGreaterThan(OverlayMount.PAGE_SIZE);

        Snapshotter s = open(root);
        ContainerLayer layer = s.create("many", lowers);
        try {
            assertThat(layer.rootfs().resolve("file0")).hasContent("layer 0");
            assertThat(layer.rootfs().resolve("file59")).hasContent("layer 59");
            assertThat(layer.rootfs().resolve("shared")).hasContent("layer 59");
        } finally {
            s.remove("many");
        }
        assertThat(MountTable.mountsUnder(root)).isEmpty();
    }

    @Test
    void anEphemeralLayer_isMountedVolatile_andMountsAgainAfterAReboot() throws IOException {
        UnpackedTestImage image = UnpackedTestImage.of("busybox");
        Snapshotter s = open(root);
        ContainerLayer durable = s.create("d1", image.lowers());
        ContainerLayer layer = s.create("e1", image.lowers(), true);
        try {
            assertThat(mountOptions(durable.rootfs())).doesNotContain("volatile");
            assertThat(mountOptions(layer.rootfs())).contains("volatile");
            Files.writeString(layer.rootfs().resolve("written"), "kept while mounted");
            // a reboot: the mount is gone, overlayfs's mark of a volatile mount stays in the work directory
            OverlayMount.unmount(layer.rootfs());
            s.mount("e1");
            assertThat(mountOptions(layer.rootfs())).contains("volatile");
            assertThat(layer.rootfs().resolve("written")).hasContent("kept while mounted");
            assertThat(layer.rootfs().resolve("bin/sh")).exists();
        } finally {
            s.remove("e1");
            s.remove("d1");
        }
        assertThat(MountTable.mountsUnder(root)).isEmpty();
        assertThat(root.resolve("e1")).doesNotExist();
    }

    /** The options /proc/self/mounts shows for the mount at {@code target}. */
    private static String mountOptions(Path target) throws IOException {
        String path = target.toRealPath().toString();
        return Files.readAllLines(Path.of("/proc/self/mounts")).stream()
                .map(line -> line.split(" "))
                .filter(f -> f.length > 3 && f[1].equals(path))
                .map(f -> f[3])
                .reduce((first, last) -> last)
                .orElseThrow(() -> new AssertionError("no mount at " + path));
    }
}
