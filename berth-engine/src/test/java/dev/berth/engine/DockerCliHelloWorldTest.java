package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.layer.FileTree;
import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.Leaks;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.oci.layout.TestImages;
import dev.berth.registry.testing.TestRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The seed's walkthrough of {@code docker run hello-world} through the real docker CLI: berthd has no such image, so
 * the CLI says so, has it pulled (from a berth-registry on loopback serving as berthd's Docker Hub mirror, as the
 * README's quickstart sets it up), then runs it.
 */
@Timeout(300)
class DockerCliHelloWorldTest {
    @Test
    void runHelloWorld_missingImage_isPulledFromTheMirror_withTheSeedsLines_thenGreets() throws Exception {
        RootOnly.assume();
        Path dir = Files.createTempDirectory(Path.of("/tmp"), "berthd-hello-");
        try (TestRegistry registry = TestRegistry.builder(dir.resolve("registry")).start()) {
            publish(TestImages.layout("hello-world"), registry.host() + "/library/hello-world:latest");
            try (RunningDaemon daemon = RunningDaemon.start(Files.createDirectory(dir.resolve("d")),
                    DaemonConfig.defaults().withRegistryMirrors(List.of("http://" + registry.host())))) {
                DockerCli docker = daemon.docker();
                try {
                    runHelloWorld(docker);
                } finally {
                    List<String> ids = docker.run("ps", "-aq", "--no-trunc").lines();
                    ids.forEach(id -> docker.run("rm", "-f", id));
                    Leaks.assertNone(daemon.dataRoot(), ids);
                }
            }
        } finally {
            FileTree.delete(dir);
        }
    }

    private static void runHelloWorld(DockerCli docker) {
        DockerCli.Result run = docker.run("run", "--name", "hello", "hello-world");
        assertThat(run.exitCode()).as(run.err()).isZero();

        // Off a terminal the CLI prints each layer's every status on a line of its own ("Pulling fs layer",
        // "Download complete", ...); on one they overwrite each other, leaving the seed's lines.
        List<String> pull = run.err().lines().toList();
        String layer = pull.stream().filter(l -> l.endsWith(": Pull complete")).findFirst().orElseThrow()
                .replace(": Pull complete", "");
        assertThat(layer).matches("[0-9a-f]{12}");
        assertThat(pull).containsSubsequence("Unable to find image 'hello-world:latest' locally",
                        "latest: Pulling from library/hello-world", layer + ": Pull complete")
                .endsWith("Status: Downloaded newer image for hello-world:latest");
        assertThat(pull.get(pull.size() - 2)).matches("Digest: sha256:[0-9a-f]{64}");
        assertThat(run.out()).startsWith("\nHello from Berth!\n");
    }

    /** Pushes an OCI layout's {@code latest} with skopeo, as scripts/quickstart.sh publishes hello-world. */
    private static void publish(Path layout, String target) throws Exception {
        Process p = new ProcessBuilder("skopeo", "copy", "-q", "--dest-tls-verify=false", "oci:" + layout + ":latest",
                "docker://" + target).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).as("skopeo copy finished").isTrue();
        assertThat(p.exitValue()).as(out).isZero();
    }
}
