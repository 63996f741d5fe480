package dev.berth.engine.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What every {@link Snapshotter} must do, run by each implementation's test. */
abstract class SnapshotterContract {
    @TempDir
    Path root;

    abstract Snapshotter open(Path root);

    @Test
    void multiLayer_whiteoutsAndOpaqueDirectoriesHideLowerFiles() throws IOException {
        UnpackedTestImage image = UnpackedTestImage.of("multi-layer");
        Snapshotter s = open(root);
        ContainerLayer layer = s.create("c1", image.lowers());
        try {
            Path fs = layer.rootfs();
            assertThat(fs.resolve("etc/motd")).doesNotExist();
            assertThat(fs.resolve("data/remove-me")).doesNotExist();
            assertThat(fs.resolve("data/keep/b.txt")).doesNotExist();
            assertThat(fs.resolve("data/keep/c.txt")).doesNotExist();
            assertThat(fs.resolve("data/keep/a.txt")).hasContent("keep a, replaced in layer 3");
            assertThat(fs.resolve("data/added.txt")).hasContent("added in layer 3");
            try (var old = Files.list(fs.resolve("data/old"))) {
                assertThat(old.map(p -> p.getFileName().toString())).containsExactly("z.txt");
            }
            assertThat(fs.resolve("app/run.sh")).isExecutable();
            assertThat(fs.resolve("bin/busybox")).isRegularFile();
            assertThat(fs.resolve("opt/jdk")).isDirectory();
        } finally {
            s.remove("c1");
        }
    }

    @Test
    void writes_landInTheContainerLayer_andNeverInTheImageLayers() throws IOException {
        UnpackedTestImage image = UnpackedTestImage.of("busybox");
        Snapshotter s = open(root);
        ContainerLayer layer = s.create("c2", image.lowers());
        try {
            Files.writeString(layer.rootfs().resolve("etc/written"), "by the container");
            Files.delete(layer.rootfs().resolve("bin/ls"));
            assertThat(layer.changes().resolve("etc/written")).hasContent("by the container");
            for (Path lower : image.lowers()) {
                assertThat(lower.resolve("etc/written")).doesNotExist();
            }
            assertThat(image.lowers().stream().anyMatch(l -> Files.exists(l.resolve("bin/ls")))).isTrue();
        } finally {
            s.remove("c2");
        }
    }

    @Test
    void aNewInstance_findsTheLayer_andRemoveLeavesNothing() {
        UnpackedTestImage image = UnpackedTestImage.of("busybox");
        ContainerLayer created = open(root).create("c3", image.lowers());

        Snapshotter restarted = open(root);
        assertThat(restarted.list()).containsExactly("c3");
        assertThat(restarted.find("c3")).contains(created);
        restarted.mount("c3");
        assertThat(created.rootfs().resolve("bin/sh")).exists();

        restarted.remove("c3");
        assertThat(MountTable.mountsUnder(root)).isEmpty();
        assertThat(root.resolve("c3")).doesNotExist();
        assertThat(restarted.find("c3")).isEmpty();
        restarted.remove("c3");
    }

    @Test
    void create_twice_isAlreadyExists() {
        UnpackedTestImage image = UnpackedTestImage.of("hello-world");
        Snapshotter s = open(root);
        s.create("c4", image.lowers());
        try {
            assertThatThrownBy(() -> s.create("c4", image.lowers()))
                    .isInstanceOf(BerthException.class)
                    .satisfies(e -> assertThat(((BerthException) e).kind()).isEqualTo(ErrorKind.ALREADY_EXISTS));
        } finally {
            s.remove("c4");
        }
    }

    @Test
    void aFailedCreate_leavesNothing() {
        Snapshotter s = open(root);
        assertThatThrownBy(() -> s.create("c5", List.of(root.resolve("no-such-layer"))))
                .isInstanceOf(BerthException.class);
        assertThat(MountTable.mountsUnder(root)).isEmpty();
        assertThat(root.resolve("c5")).doesNotExist();
        assertThat(s.list()).isEmpty();
    }
}
