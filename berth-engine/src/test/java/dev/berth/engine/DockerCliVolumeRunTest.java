package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Volumes, bind mounts and tmpfs in containers run by the real docker CLI 28 against berthd. */
class DockerCliVolumeRunTest {
    static RunningDaemon daemon;
    static DockerCli docker;

    @BeforeAll
    static void start() throws IOException {
        RootOnly.assume();
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemon == null) {
            return;
        }
        daemon.removeContainersAndClose(List.of());
    }

    @Test
    void namedVolume_dataWrittenByOneContainer_isReadByTheNext_andSurvivesADaemonRestart() {
        assertThat(docker.run("run", "--rm", "-v", "keep:/data", "busybox", "sh", "-c", "echo kept > /data/f")
                .exitCode()).isZero();
        assertThat(docker.run("run", "--rm", "-v", "keep:/data", "busybox", "cat", "/data/f").orFail().out())
                .isEqualTo("kept\n");
        Path dir = daemon.dir();
        daemon.daemon().close();
        daemon = RunningDaemon.start(dir, DaemonConfig.defaults());
        docker = daemon.docker();
        assertThat(docker.run("run", "--rm", "--mount", "source=keep,target=/d,readonly", "busybox", "cat", "/d/f")
                .orFail().out()).isEqualTo("kept\n");
        assertThat(docker.run("volume", "ls", "-q").orFail().lines()).contains("keep");
    }

    @Test
    void aReadOnlyBindMount_refusesWrites() throws IOException {
        Path host = Files.createDirectories(daemon.dir().resolve("host-ro"));
        DockerCli.Result r = docker.run("run", "--rm", "-v", host + ":/mnt:ro", "busybox", "touch", "/mnt/x");
        assertThat(r.exitCode()).isOne();
        assertThat(r.err()).contains("Read-only file system");
        assertThat(host.resolve("x")).doesNotExist();
        assertThat(docker.run("run", "--rm", "-v", host + ":/mnt", "busybox", "touch", "/mnt/x").exitCode()).isZero();
        assertThat(host.resolve("x")).exists();
        // z (an SELinux label, shared): accepted as docker accepts it on a host without SELinux
        assertThat(docker.run("run", "--rm", "-v", host + ":/mnt:rw,z", "busybox", "touch", "/mnt/y").exitCode())
                .isZero();
        assertThat(host.resolve("y")).exists();
    }

    @Test
    void anAnonymousVolume_getsTheImagesFiles_andRmDashVRemovesIt() throws IOException {
        DockerCli.Result r = docker.run("run", "--name", "anon", "-v", "/etc", "busybox", "sh", "-c",
                "cat /etc/passwd | head -1; echo added > /etc/new");
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("root:x:0:0:");
        JsonNode mounts = Json.MAPPER.readTree(docker.run("inspect", "-f", "{{json .Mounts}}", "anon").orFail().out());
        assertThat(mounts).hasSize(1);
        JsonNode m = mounts.get(0);
        assertThat(m.get("Type").asText()).isEqualTo("volume");
        assertThat(m.get("Name").asText()).matches("[0-9a-f]{64}");
        assertThat(m.get("Destination").asText()).isEqualTo("/etc");
        assertThat(m.get("Driver").asText()).isEqualTo("local");
        assertThat(m.get("RW").asBoolean()).isTrue();
        Path data = Path.of(m.get("Source").asText());
        assertThat(data.resolve("passwd")).isRegularFile();
        assertThat(Files.readString(data.resolve("new"))).isEqualTo("added\n");

        DockerCli.Result inUse = docker.run("volume", "rm", m.get("Name").asText());
        assertThat(inUse.exitCode()).isOne();
        assertThat(inUse.err()).contains("remove " + m.get("Name").asText() + ": volume is in use - [");
        docker.run("rm", "-v", "anon").orFail();
        assertThat(docker.run("volume", "ls", "-q").orFail().lines()).doesNotContain(m.get("Name").asText());
    }

    @Test
    void tmpfsSizes_areEnforced() {
        DockerCli.Result r = docker.run("run", "--rm", "--tmpfs", "/t:size=256k", "--mount",
                "type=tmpfs,destination=/s,tmpfs-size=128k", "busybox", "sh", "-c",
                "dd if=/dev/zero of=/t/f bs=1k count=512; dd if=/dev/zero of=/s/f bs=1k count=512");
        assertThat(r.err().split("No space left on device", -1)).as(r.err()).hasSize(3);
    }

    @Test
    void aLocalVolumeOfTypeTmpfs_isMountedWithItsOptions() {
        docker.run("volume", "create", "-o", "type=tmpfs", "-o", "device=tmpfs", "-o", "o=size=256k", "ram")
                .orFail();
        DockerCli.Result r = docker.run("run", "--rm", "-v", "ram:/ram", "busybox", "sh", "-c",
                "grep ' /ram ' /proc/mounts; dd if=/dev/zero of=/ram/f bs=1k count=512");
        assertThat(r.out()).startsWith("tmpfs /ram tmpfs rw").contains("size=256k");
        assertThat(r.err()).contains("No space left on device");
        docker.run("volume", "rm", "ram").orFail();
    }

    /**
     * {@code bind-propagation=rslave} makes a mount the host adds under the source later appear in the container,
     * the default {@code rprivate} does not. The source is made a shared mount of its own first, as slave
     * propagation needs (docker refuses otherwise).
     */
    @Test
    void bindPropagation_rslave_seesHostMountsMadeLater_theDefaultDoesNot() throws Exception {
        Path source = daemon.dir().resolve("propagated");
        Files.createDirectories(source.resolve("sub"));
        sh("mount --bind " + source + " " + source + " && mount --make-shared " + source);
        try {
            docker.run("run", "-d", "--name", "slave", "--mount", "type=bind,source=" + source
                    + ",target=/x,bind-propagation=rslave", "busybox", "sleep", "60").orFail();
            docker.run("run", "-d", "--name", "private", "-v", source + ":/x", "busybox", "sleep", "60").orFail();
            sh("mount -t tmpfs tmpfs " + source.resolve("sub") + " && echo later > " + source.resolve("sub/f"));
            assertThat(docker.run("exec", "slave", "cat", "/x/sub/f").orFail().out()).isEqualTo("later\n");
            assertThat(docker.run("exec", "private", "cat", "/x/sub/f").exitCode()).isNotZero();
            JsonNode mount = Json.MAPPER.readTree(docker.run("inspect", "slave").orFail().out()).get(0)
                    .path("Mounts").get(0);
            assertThat(mount.path("Propagation").asText()).isEqualTo("rslave");
        } finally {
            docker.run("rm", "-f", "slave", "private");
            sh("umount -R " + source);
        }
    }

    private static void sh(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(command + ": " + out).isZero();
    }

    @Test
    void volumesFrom_sharesTheVolumes() {
        docker.run("create", "--name", "store", "-v", "shared:/shared", "busybox", "true").orFail();
        docker.run("run", "--rm", "-v", "shared:/shared", "busybox", "sh", "-c", "echo s > /shared/f").orFail();
        DockerCli.Result r = docker.run("run", "--rm", "--volumes-from", "store:ro", "busybox", "sh", "-c",
                "cat /shared/f; touch /shared/g");
        assertThat(r.out()).isEqualTo("s\n");
        assertThat(r.err()).contains("Read-only file system");
        docker.run("rm", "store").orFail();
    }

    @Test
    void badMounts_haveDockersMessages() {
        DockerCli.Result missing = docker.run("run", "--rm", "--mount", "type=bind,source=/no/such/dir,target=/x",
                "busybox", "true");
        assertThat(missing.exitCode()).isEqualTo(125);
        assertThat(missing.err()).contains(
                "invalid mount config for type \"bind\": bind source path does not exist: /no/such/dir");
        Path made = daemon.dir().resolve("made-by-v");
        assertThat(docker.run("run", "--rm", "-v", made + ":/x", "busybox", "true").exitCode()).isZero();
        assertThat(made).isDirectory();
        DockerCli.Result dup = docker.run("run", "--rm", "-v", "a1:/x", "-v", "a2:/x", "busybox", "true");
        assertThat(dup.exitCode()).isEqualTo(125);
        assertThat(dup.err()).contains("Duplicate mount point: /x");
    }
}
