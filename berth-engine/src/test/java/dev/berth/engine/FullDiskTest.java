package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.layer.FileTree;
import dev.berth.client.testing.DistributionRegistry;
import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import dev.berth.oci.layout.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A data root on a 24 MiB tmpfs: a load or a pull that does not fit fails at once with docker's {@code no space left
 * on device}, and leaves nothing listed or half-made; once there is room, the same pull completes.
 */
class FullDiskTest {
    private Path mount;

    @BeforeEach
    void mountTmpfs() throws Exception {
        mount = Files.createTempDirectory(Path.of("/tmp"), "berthd-tiny-");
        run("mount", "-t", "tmpfs", "-o", "size=24m", "tmpfs", mount.toString());
    }

    @AfterEach
    void unmount() throws Exception {
        run("umount", mount.toString());
        Files.delete(mount);
    }

    @Test
    void pull_thatDoesNotFit_failsAtOnceWithNoSpaceLeft_thenCompletesOnceThereIsRoom() throws Exception {
        try (DistributionRegistry registry = DistributionRegistry.open(
                mount.resolveSibling(mount.getFileName() + "-registry"));
                RunningDaemon daemon = RunningDaemon.start(Files.createDirectory(mount.resolve("d")),
                        DaemonConfig.defaults())) {
            registry.push(TestImages.layout("busybox"), "library/busybox:latest");
            registry.push(TestImages.layout("multi-layer"), "library/multi-layer:latest");
            DockerCli docker = daemon.docker();
            docker.run("pull", registry.host() + "/library/busybox").orFail();
            String big = registry.host() + "/library/multi-layer";

            DockerCli.Result full = docker.run("pull", big);
            assertThat(full.exitCode()).isEqualTo(1);
            assertThat(full.err()).contains("no space left on device");
            assertThat(full.out()).as("a full disk is not retried like a network cut").doesNotContain("Retrying");
            assertThat(docker.run("images", "--format", "{{.Repository}}").orFail().lines())
                    .containsExactly(registry.host() + "/library/busybox");
            try (Stream<Path> staging = Files.list(daemon.dataRoot().resolve("tmp"))) {
                assertThat(staging.toList()).isEmpty();
            }

            run("mount", "-o", "remount,size=600m", mount.toString());
            assertThat(docker.run("pull", big).orFail().lines())
                    .contains("Status: Downloaded newer image for " + big + ":latest");
            assertThat(docker.run("image", "inspect", "--format", "{{len .RootFS.Layers}}", big).orFail().out())
                    .isNotEqualTo("0\n");
        } finally {
            FileTree.delete(mount.resolveSibling(mount.getFileName() + "-registry"));
        }
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException(String.join(" ", command) + ": " + out);
        }
    }

    @Test
    void load_thatDoesNotFit_failsWithNoSpaceLeft_andListsOnlyWhatFit() throws IOException {
        try (RunningDaemon daemon = RunningDaemon.start(Files.createDirectory(mount.resolve("d")),
                DaemonConfig.defaults())) {
            DockerCli docker = daemon.docker();
            docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
            DockerCli.Result big = docker.run("load", "-i", TestArchives.of("multi-layer").toString());
            assertThat(big.exitCode()).isEqualTo(1);
            assertThat(big.err()).contains("no space left on device");
            assertThat(docker.run("images", "--format", "{{.Repository}}").orFail().lines())
                    .containsExactly("busybox");
            try (Stream<Path> staging = Files.list(daemon.dataRoot().resolve("tmp"))) {
                assertThat(staging.toList()).isEmpty();
            }
            try (Stream<Path> layers = Files.list(daemon.dataRoot().resolve("layers/sha256"))) {
                assertThat(layers.map(p -> p.getFileName().toString()).toList())
                        .containsExactly("c67d474101ecbc77dbe1ecc24f6061b9dbf210841bbf97592732cdd6f3f36c50");
            }
            assertThat(docker.run("image", "inspect", "busybox").exitCode()).isZero();
        }
    }
}
