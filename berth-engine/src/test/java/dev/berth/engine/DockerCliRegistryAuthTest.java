package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.layer.FileTree;
import dev.berth.client.testing.DistributionRegistry;
import dev.berth.client.testing.FrontProxy;
import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.distribution.Distribution;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import dev.berth.oci.layout.TestImages;
import dev.berth.registry.auth.AccessRule;
import dev.berth.registry.testing.TestRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The registries' side of docker's flows through berthd and the real docker CLI: a registry that authenticates as
 * Docker Hub does (berth-registry in token mode: anonymous pull tokens, {@code docker login} then a push with the
 * user's token), and {@code registry-mirrors} tried before Docker Hub with the fallback to Hub for what a mirror lacks.
 */
@Timeout(300)
class DockerCliRegistryAuthTest {
    private Path dir;

    @BeforeEach
    void createDir() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "berthd-auth-");
    }

    @AfterEach
    void deleteDir() throws IOException {
        FileTree.delete(dir);
    }

    @Test
    void tokenAuth_anonymousPull_loginThenPushWithAMount_andDeniedNamesAnswerAsDockerHub() throws Exception {
        try (TestRegistry registry = TestRegistry.builder(dir.resolve("registry")).tokenAuth()
                .user("alice", "s3cret")
                .rule(AccessRule.repository("library/**", List.of(AccessRule.ANONYMOUS, AccessRule.ANY_USER), "pull"))
                .rule(AccessRule.repository("**", List.of("alice"), "pull", "push"))
                .start();
                RunningDaemon daemon = RunningDaemon.start(Files.createDirectory(dir.resolve("d")),
                        DaemonConfig.defaults())) {
            DockerCli docker = daemon.docker();
            String own = registry.host() + "/alice/hello:1";
            String library = registry.host() + "/library/hello-world";
            docker.run("load", "-i", TestArchives.of("hello-world").toString()).orFail();
            docker.run("tag", "hello-world", own).orFail();
            docker.run("tag", "hello-world", library).orFail();

            DockerCli.Result anonymousPush = docker.run("push", own);
            assertThat(anonymousPush.exitCode()).isEqualTo(1);
            assertThat(anonymousPush.err()).contains("denied: requested access to the resource is denied");

            DockerCli.Result wrong = docker.run("login", registry.host(), "-u", "alice", "-p", "nope");
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.err()).contains("incorrect username or password");
            assertThat(docker.run("login", registry.host(), "-u", "alice", "-p", "s3cret").orFail().out())
                    .contains("Login Succeeded");

            List<String> pushed = docker.run("push", own).orFail().lines();
            assertThat(pushed).contains("4839a38d2341: Pushed");
            assertThat(pushed.getLast()).matches("1: digest: sha256:[0-9a-f]{64} size: \\d+");
            assertThat(docker.run("push", library).orFail().lines())
                    .contains("4839a38d2341: Mounted from alice/hello");

            docker.run("logout", registry.host()).orFail();
            docker.run("rmi", own, library, "hello-world").orFail();
            List<String> pulled = docker.run("pull", library).orFail().lines();
            assertThat(pulled).contains("Status: Downloaded newer image for " + library + ":latest");
            assertThat(docker.run("images", "-q", library).orFail().out()).isEqualTo("eab803590d99\n");

            DockerCli.Result denied = docker.run("pull", own);
            assertThat(denied.exitCode()).isEqualTo(1);
            assertThat(denied.err()).contains("pull access denied for " + registry.host() + "/alice/hello");
        }
    }

    @Test
    void search_asksTheRegistryNamedByTheTerm_andFailsAsDockerdWhereThereIsNoSearch() throws Exception {
        try (TestRegistry registry = TestRegistry.builder(dir.resolve("registry")).start();
                DistributionRegistry plain = DistributionRegistry.open(dir.resolve("plain"));
                RunningDaemon daemon = RunningDaemon.start(Files.createDirectory(dir.resolve("d")),
                        DaemonConfig.defaults())) {
            DockerCli docker = daemon.docker();
            docker.run("load", "-i", TestArchives.of("hello-world").toString()).orFail();
            for (String name : List.of("library/busybox:1", "team/busybox-tools:1", "library/hello-world:1")) {
                docker.run("tag", "hello-world", registry.host() + "/" + name).orFail();
                docker.run("push", registry.host() + "/" + name).orFail();
            }
            assertThat(docker.run("search", "--format", "{{.Name}} {{.StarCount}}", registry.host() + "/busybox")
                    .orFail().lines()).containsExactly("library/busybox 0", "team/busybox-tools 0");
            assertThat(docker.run("search", "--limit", "1", "--format", "{{.Name}}", registry.host() + "/box")
                    .orFail().lines()).containsExactly("library/busybox");
            assertThat(docker.run("search", "--filter", "stars=3", "--format", "{{.Name}}", registry.host() + "/busybox").orFail()
                    .out()).isEmpty();

            DockerCli.Result badLimit = docker.run("search", "--limit", "101", registry.host() + "/busybox");
            assertThat(badLimit.exitCode()).isEqualTo(1);
            assertThat(badLimit.err()).contains("limit 101 is outside the range of [1, 100]");
            DockerCli.Result none = docker.run("search", plain.host() + "/busybox");
            assertThat(none.exitCode()).isEqualTo(1);
            assertThat(none.err()).contains("Unexpected status code 404");
        }
    }

    @Test
    void mirror_servesWhatItHas_andDockerHubServesWhatTheMirrorLacks() throws Exception {
        try (DistributionRegistry hub = DistributionRegistry.open(dir.resolve("hub"));
                DistributionRegistry mirror = DistributionRegistry.open(dir.resolve("mirror"));
                FrontProxy hubFront = new FrontProxy(hub.uri());
                FrontProxy mirrorFront = new FrontProxy(mirror.uri())) {
            hub.push(TestImages.layout("hello-world"), "library/hello-world:latest");
            hub.push(TestImages.layout("busybox"), "library/busybox:latest");
            mirror.push(TestImages.layout("hello-world"), "library/hello-world:latest");
            RunningDaemon daemon;
            System.setProperty(Distribution.DOCKER_HUB_PROPERTY, "http://" + hubFront.host());
            try {
                daemon = RunningDaemon.start(Files.createDirectory(dir.resolve("d")), DaemonConfig.defaults()
                        .withRegistryMirrors(List.of("http://" + mirrorFront.host())));
            } finally {
                System.clearProperty(Distribution.DOCKER_HUB_PROPERTY);
            }
            try (daemon) {
                DockerCli docker = daemon.docker();
                assertThat(docker.run("pull", "hello-world").orFail().lines())
                        .contains("Status: Downloaded newer image for hello-world:latest");
                assertThat(mirrorFront.seen()).anySatisfy(s -> assertThat(s.path())
                        .startsWith("/v2/library/hello-world/blobs/sha256:"));
                assertThat(hubFront.seen()).noneSatisfy(s -> assertThat(s.path()).contains("/library/"));

                assertThat(docker.run("pull", "busybox").orFail().lines())
                        .contains("Status: Downloaded newer image for busybox:latest",
                                "docker.io/library/busybox:latest");
                assertThat(mirrorFront.seen()).anySatisfy(s -> assertThat(s.path())
                        .isEqualTo("/v2/library/busybox/manifests/latest"));
                assertThat(hubFront.seen()).anySatisfy(s -> assertThat(s.path())
                        .startsWith("/v2/library/busybox/blobs/sha256:"));
                assertThat(docker.run("images", "--format", "{{.Repository}}").orFail().lines())
                        .containsExactlyInAnyOrder("hello-world", "busybox");
            }
        }
    }
}
