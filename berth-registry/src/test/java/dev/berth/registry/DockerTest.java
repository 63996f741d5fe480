package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.oci.layout.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker push} and {@code docker pull} against the registry, through a dockerd of the test's own (data root,
 * socket, exec root and pid file under a temporary directory; no bridge, no iptables). Loopback registries are
 * insecure by default for dockerd, so plain HTTP works without configuration.
 */
class DockerTest {
    private static Path dir;
    private static Process dockerd;
    private static Map<String, String> env;
    private static Path registryRoot;
    private static TestRegistry reg;

    @BeforeAll
    static void startDockerd() throws Exception {
        assumeTrue("root".equals(System.getProperty("user.name")), "dockerd needs root");
        assumeTrue(ExternalCommand.available("/usr/sbin/dockerd") && ExternalCommand.available("docker")
                && ExternalCommand.available("skopeo"), "dockerd, docker or skopeo missing");
        dir = Files.createTempDirectory(Path.of("/tmp"), "rc-dockerd-");
        String socket = dir.resolve("docker.sock").toString();
        dockerd = new ProcessBuilder("/usr/sbin/dockerd", "-H", "unix://" + socket,
                "--data-root", dir.resolve("data").toString(), "--exec-root", dir.resolve("exec").toString(),
                "--pidfile", dir.resolve("dockerd.pid").toString(), "--bridge=none", "--iptables=false",
                "--ip-masq=false", "--containerd-namespace", "rc-test", "--containerd-plugins-namespace",
                "rc-test-plugins")
                .redirectErrorStream(true).redirectOutput(dir.resolve("dockerd.log").toFile()).start();
        env = Map.of("DOCKER_HOST", "unix://" + socket, "DOCKER_CONFIG", dir.resolve("config").toString());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (ExternalCommand.exec(env, "docker", "version").exit() != 0) {
            if (!dockerd.isAlive() || System.nanoTime() > deadline) {
                assumeTrue(false, "dockerd did not start: " + Files.readString(dir.resolve("dockerd.log")));
            }
            Thread.sleep(250);
        }
        registryRoot = dir.resolve("registry");
        reg = new TestRegistry(registryRoot, true);
    }

    @AfterAll
    static void stop() throws Exception {
        if (reg != null) {
            reg.close();
        }
        if (dockerd != null) {
            dockerd.destroy();
            if (!dockerd.waitFor(30, TimeUnit.SECONDS)) {
                dockerd.destroyForcibly().waitFor();
            }
            ExternalCommand.exec(Map.of(), "umount", "-R", dir.resolve("data").toString());
            ExternalCommand.exec(Map.of(), "rm", "-rf", dir.toString());
        }
    }

    @Test
    void push_thenPullAfterRemoval_givesTheSameImage() throws IOException {
        Path archive = dir.resolve("busybox.tar");
        ExternalCommand.run("skopeo", "copy", "oci:" + TestImages.layout("busybox") + ":latest",
                "docker-archive:" + archive + ":berth-test/busybox:latest");
        ExternalCommand.run(env, "docker", "load", "-i", archive.toString());
        String name = reg.host() + "/berth-test/busybox:latest";
        ExternalCommand.run(env, "docker", "tag", "berth-test/busybox:latest", name);
        String id = ExternalCommand.run(env, "docker", "image", "inspect", "-f", "{{.Id}}", name).trim();
        String push = ExternalCommand.run(env, "docker", "push", name);
        assertThat(push).contains("digest: sha256:");
        ExternalCommand.run(env, "docker", "rmi", name, "berth-test/busybox:latest");
        String pull = ExternalCommand.run(env, "docker", "pull", name);
        assertThat(pull).contains("Downloaded newer image");
        assertThat(ExternalCommand.run(env, "docker", "image", "inspect", "-f", "{{.Id}}", name).trim())
                .isEqualTo(id);
        assertThat(TestRegistry.body(reg.get("/v2/berth-test/busybox/tags/list"))).contains("latest");
    }
}
