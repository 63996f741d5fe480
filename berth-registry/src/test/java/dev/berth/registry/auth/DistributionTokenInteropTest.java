package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.layout.TestImages;
import dev.berth.registry.testing.Cli;
import dev.berth.registry.testing.Http;
import dev.berth.registry.testing.OpensslCerts;
import dev.berth.registry.testing.TestRegistry;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Our token endpoint as the auth server of CNCF distribution 2.8 (Debian {@code docker-registry}): distribution
 * verifies our JWTs by their {@code x5c} chain against its {@code rootcertbundle}, and checks issuer, audience and
 * access claims, so skopeo can push to it with a token we issued. Proves the tokens are what distribution expects.
 */
class DistributionTokenInteropTest {
    private static final Path DOCKER_REGISTRY = Path.of("/usr/bin/docker-registry");

    @TempDir
    Path dir;

    @Test
    void distribution_acceptsOurTokens_forPushAndPull_andRefusesWrongCredentials() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(DOCKER_REGISTRY), "docker-registry missing");
        OpensslCerts.KeyPair signing = OpensslCerts.ec(dir, "token");
        try (TestRegistry auth = TestRegistry.builder(dir.resolve("auth")).tokenAuth(
                AuthConfig.TokenConfig.defaults().withKey(signing.key(), signing.certificate()))
                .user("alice", "s3cret")
                .rule(AccessRule.repository("alice/**", List.of("alice"), "pull", "push")).start()) {
            int port = freePort();
            Path config = dir.resolve("distribution.yml");
            Files.writeString(config, """
                    version: 0.1
                    log:
                      level: warn
                    storage:
                      filesystem:
                        rootdirectory: %s
                    http:
                      addr: 127.0.0.1:%d
                    auth:
                      token:
                        realm: %s
                        service: berth-registry
                        issuer: berth-registry
                        rootcertbundle: %s
                    """.formatted(dir.resolve("distribution-root"), port, auth.url("/auth/token"),
                    signing.certificate()));
            Process distribution = new ProcessBuilder(DOCKER_REGISTRY.toString(), "serve", config.toString())
                    .redirectErrorStream(true).redirectOutput(dir.resolve("distribution.log").toFile()).start();
            try {
                String base = "http://127.0.0.1:" + port;
                awaitUp(base + "/v2/", distribution);
                String ref = "docker://127.0.0.1:" + port + "/alice/busybox:latest";
                Cli.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "alice:s3cret",
                        "oci:" + TestImages.layout("busybox") + ":latest", ref).requireSuccess();
                assertThat(Cli.run("skopeo", "inspect", "--tls-verify=false", "--creds", "alice:s3cret", ref)
                        .requireSuccess().output()).contains("\"Architecture\": \"amd64\"");
                Cli.Result wrong = Cli.run("skopeo", "inspect", "--tls-verify=false", "--creds", "alice:nope", ref);
                assertThat(wrong.exitCode()).isNotZero();
                assertThat(wrong.output()).contains("invalid username/password");
                Cli.Result otherRepo = Cli.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds",
                        "alice:s3cret", "oci:" + TestImages.layout("hello-world") + ":latest",
                        "docker://127.0.0.1:" + port + "/bob/hello:latest");
                assertThat(otherRepo.exitCode()).as("our token grants nothing on bob/*").isNotZero();
            } finally {
                distribution.destroy();
                distribution.waitFor(10, TimeUnit.SECONDS);
            }
        }
    }

    private static void awaitUp(String url, Process process) throws Exception {
        Http http = new Http();
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        while (true) {
            try {
                if (http.send("GET", url).statusCode() == 401) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // not listening yet
            }
            if (!process.isAlive() || Instant.now().isAfter(deadline)) {
                throw new AssertionError("docker-registry did not start (alive: " + process.isAlive() + ")");
            }
            Thread.sleep(100);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }
}
