package dev.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.engine.archive.ContainerArchive;
import dev.berth.engine.archive.PathStat;
import dev.berth.engine.snapshot.ContainerLayer;
import dev.berth.oci.layer.Change;
import dev.berth.oci.layer.LayerDiff;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Container operations past the lifecycle, on real containers: diff, archive, pause, cgroup readings, update. */
class ContainerOpsTest {
    @TempDir
    Path root;
    @TempDir
    Path scratch;
    RuntimeFixture f;

    @BeforeEach
    void setUp() {
        f = new RuntimeFixture(root);
    }

    @AfterEach
    void tearDown() throws IOException {
        f.close();
    }

    @Test
    void changes_listAddedModifiedAndDeletedPaths_fromTheContainerLayer() {
        ContainerSpec spec = f.spec("busybox").withCmd(List.of("sh", "-c",
                "echo x > /new; echo more >> /etc/passwd; rm /etc/group"));
        assertThat(f.run(spec).code()).isZero();
        ContainerLayer layer = f.snapshots.find(spec.id()).orElseThrow();
        List<String> changes = LayerDiff.overlay(layer.lowers(), layer.changes()).changes().stream()
                .map(Change::toString).toList();
        assertThat(changes).contains("A /new", "C /etc", "C /etc/passwd", "D /etc/group");
    }

    @Test
    void archive_statsGetsAndPutsFiles_neverOutsideTheRootfs() throws Exception {
        ContainerSpec spec = f.spec("busybox").withCmd(List.of("sh", "-c",
                "echo hi > /greeting; ln -s / /escape; ln -s ../../../.. /up"));
        assertThat(f.run(spec).code()).isZero();
        ContainerArchive archive = new ContainerArchive(spec.rootfs(), spec.rootfs(), List.of(), "c1");

        PathStat stat = archive.stat("/greeting");
        assertThat(stat.name()).isEqualTo("greeting");
        assertThat(stat.size()).isEqualTo(3);
        assertThat(stat.mode()).isEqualTo(0644);
        assertThat(archive.stat("/etc").mode() & (1L << 31)).isNotZero();
        assertThat(archive.stat("/escape").linkTarget()).isEqualTo("/");
        assertThatThrownBy(() -> archive.stat("/nope"))
                .hasMessage("Could not find the file /nope in container c1");

        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        archive.get("/etc", tar);
        assertThat(tarNames(tar.toByteArray())).contains("etc/", "etc/passwd");

        Path src = Files.createDirectories(scratch.resolve("in"));
        Files.writeString(src.resolve("pwned"), "payload");
        byte[] upload = tarOf(src, "pwned");
        archive.put("/escape", new ByteArrayInputStream(upload));
        archive.put("/up/tmp", new ByteArrayInputStream(upload));
        assertThat(spec.rootfs().resolve("pwned")).hasContent("payload");
        assertThat(spec.rootfs().resolve("tmp/pwned")).hasContent("payload");
        assertThat(Path.of("/pwned")).doesNotExist();
        assertThatThrownBy(() -> archive.put("/greeting", new ByteArrayInputStream(upload)))
                .hasMessageContaining("extraction point is not a directory");

        ByteArrayOutputStream export = new ByteArrayOutputStream();
        archive.export(export);
        assertThat(tarNames(export.toByteArray())).contains("bin/busybox", "greeting", "pwned");
    }

    @Test
    void pauseFreezesTheContainer_cgroupShowsItsProcessesAndUsage_updateChangesLimits() throws Exception {
        ContainerSpec spec = f.spec("busybox").withCmd(List.of("sh", "-c", "sleep 1000 & wait"));
        f.runtime.create(spec, "runc");
        f.runtime.start(spec.id());
        OciRuntime runc = f.config().runtime("runc");
        ContainerCgroup cgroup = ContainerCgroup.of(f.runtime.cgroupsPath(spec.id()));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (cgroup.pids().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(cgroup.pids()).hasSize(2).contains((long) f.runtime.state(spec.id()).pid().getAsInt());
        ContainerCgroup.Sample s = cgroup.sample();
        assertThat(s.memoryUsage()).isPositive();
        assertThat(s.cpuTotalNanos()).isPositive();
        assertThat(s.pidsCurrent()).isEqualTo(2);

        runc.pause(spec.id());
        assertThat(f.runtime.state(spec.id()).status()).isEqualTo(ContainerState.Status.PAUSED);
        runc.resume(spec.id());
        assertThat(f.runtime.state(spec.id()).status()).isEqualTo(ContainerState.Status.RUNNING);

        runc.update(spec.id(), new ResourceUpdate(OptionalLong.of(64L << 20), OptionalLong.of(128L << 20),
                OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(), OptionalLong.empty(),
                Optional.empty(), Optional.empty(), OptionalLong.of(42)));
        assertThat(cgroup.sample().pidsLimit()).hasValue(42);
        assertThat(cgroup.sample().memoryLimit()).hasValue(64L << 20);
        f.runtime.stop(spec.id(), "KILL", Duration.ofSeconds(10));
    }

    private static List<String> tarNames(byte[] tar) throws Exception {
        Path file = Files.createTempFile("t", ".tar");
        try {
            Files.write(file, tar);
            Process p = new ProcessBuilder("tar", "-tf", file.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as(out).isZero();
            return out.lines().toList();
        } finally {
            Files.delete(file);
        }
    }

    private static byte[] tarOf(Path dir, String name) throws Exception {
        Process p = new ProcessBuilder("tar", "-C", dir.toString(), "-cf", "-", name).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor()).isZero();
        return out;
    }
}
