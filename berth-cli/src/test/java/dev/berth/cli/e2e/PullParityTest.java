package dev.berth.cli.e2e;

import static dev.berth.cli.e2e.DockerParity.assertSame;
import static dev.berth.cli.e2e.DockerParity.assertSameProgress;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** {@code berth pull} against the same daemon and registry as {@code docker pull}, output compared line by line. */
@ExtendWith(EngineExtension.class)
class PullParityTest {
    @TempDir
    static Path config;
    static Clients clients;
    static String registry;

    @BeforeAll
    static void setUp(EngineFixture engine) {
        clients = new Clients(engine, config);
        registry = engine.registry();
    }

    /** Pulls {@code args} with berth and then docker, each time from a daemon without the image. */
    private static Processes.Run[] freshPulls(String image, String... args) {
        remove(image);
        Processes.Run berth = clients.berth(args);
        remove(image);
        Processes.Run docker = clients.docker(args);
        return new Processes.Run[] {berth, docker};
    }

    /** Removes every image, so that a pull downloads every layer again. */
    static void remove(String reference) {
        for (String id : clients.docker("images", "-aq", "--no-trunc").out().lines().distinct().toList()) {
            Processes.Run r = clients.docker("rmi", "-f", id);
            assertThat(r.exit()).as(reference + ": " + r.err()).isZero();
        }
    }

    @Test
    void pull_printsTheSeedLines_asDockerDoes() {
        String name = registry + "/library/hello-world";
        Processes.Run[] runs = freshPulls(name, "pull", name);
        assertSameProgress(runs[0], runs[1]);
        assertThat(DockerParity.stable(runs[0].out())).satisfiesExactly(
                l -> assertThat(l).isEqualTo("Using default tag: latest"),
                l -> assertThat(l).isEqualTo("latest: Pulling from library/hello-world"),
                l -> assertThat(l).matches("[0-9a-f]{12}: Pull complete"),
                l -> assertThat(l).matches("Digest: sha256:[0-9a-f]{64}"),
                l -> assertThat(l).isEqualTo("Status: Downloaded newer image for " + name + ":latest"),
                l -> assertThat(l).isEqualTo(name + ":latest"));
    }

    @Test
    void pullAgain_saysImageIsUpToDate() {
        String name = registry + "/library/busybox:latest";
        clients.docker("pull", name);
        assertSame(clients.berth("pull", name), clients.docker("pull", name));
        assertThat(clients.berth("image", "pull", name).out()).contains("Status: Image is up to date for " + name);
    }

    @Test
    void pullByDigest_printsTheDigestReference() {
        String name = registry + "/library/hello-world";
        clients.docker("pull", name);
        String repoDigest = clients.docker("image", "inspect", "-f", "{{index .RepoDigests 0}}", name).out().strip();
        String digest = repoDigest.substring(repoDigest.indexOf('@') + 1);
        String byDigest = name + "@" + digest;
        Processes.Run[] runs = freshPulls(byDigest, "pull", byDigest);
        assertSameProgress(runs[0], runs[1]);
        // dockerd 20.10 heads the pull with the whole reference, newer daemons with the digest alone
        assertThat(runs[0].out().lines().findFirst().orElseThrow())
                .isIn(byDigest + ": Pulling from library/hello-world", digest + ": Pulling from library/hello-world");
        assertThat(runs[0].out())
                .endsWith("Status: Downloaded newer image for " + byDigest + "\n" + byDigest + "\n");
    }

    @Test
    void pullPlatform_andQuiet() {
        String name = registry + "/library/busybox-multiarch";
        Processes.Run[] runs = freshPulls(name, "pull", "--platform", "linux/arm64", name);
        assertSameProgress(runs[0], runs[1]);
        assertThat(clients.berth("image", "inspect", "-f", "{{.Architecture}}", name).out()).isEqualTo("arm64\n");

        Processes.Run[] quiet = freshPulls(name, "pull", "-q", name);
        assertSame(quiet[0], quiet[1]);
        assertThat(quiet[0].out()).isEqualTo(name + ":latest\n");
    }

    @Test
    void pullAllTags_printsTheRepositoryName() {
        String name = registry + "/library/hello-world";
        Processes.Run[] runs = freshPulls(name + ":latest", "pull", "-a", name);
        assertSameProgress(runs[0], runs[1]);
        assertThat(runs[0].out()).endsWith("\n" + name + "\n");
    }

    @Test
    void pullErrors_matchDockersMessagesAndExitCodes() {
        assertSame(clients.berth("pull", registry + "/library/nope"), clients.docker("pull", registry + "/library/nope"));
        assertSame(clients.berth("pull", registry + "/library/hello-world:nope"),
                clients.docker("pull", registry + "/library/hello-world:nope"));
        assertSame(clients.berth("pull", "BAD"), clients.docker("pull", "BAD"));
        assertSame(clients.berth("pull", "-a", registry + "/library/hello-world:latest"),
                clients.docker("pull", "-a", registry + "/library/hello-world:latest"));
        assertThat(clients.berth("pull", registry + "/library/nope").err())
                .startsWith("Error response from daemon: manifest for " + registry + "/library/nope:latest not found");
    }
}
