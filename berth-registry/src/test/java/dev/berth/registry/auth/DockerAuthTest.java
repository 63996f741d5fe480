package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.layout.TestImages;
import dev.berth.oci.spec.Json;
import dev.berth.registry.testing.Cli;
import dev.berth.registry.testing.Dockerd;
import dev.berth.registry.testing.TestRegistry;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docker login, pull and push through a private dockerd, against the registry with token and with Basic auth. */
class DockerAuthTest {
    private static Dockerd dockerd;

    @TempDir
    Path dir;

    @BeforeAll
    static void startDockerd() throws Exception {
        Assumptions.assumeTrue(Dockerd.available(), "dockerd and the docker CLI run as root");
        dockerd = Dockerd.start();
    }

    @AfterAll
    static void stopDockerd() throws Exception {
        if (dockerd != null) {
            dockerd.close();
        }
    }

    @Test
    void tokenAuth_loginPullPush_andWrongPasswordIsRefused() throws Exception {
        try (TestRegistry r = TestRegistry.builder(dir).tokenAuth().user("alice", "s3cret").user("bob", "hunter2")
                .rule(AccessRule.repository("alice/**", List.of("alice"), "*"))
                .rule(AccessRule.repository("alice/**", List.of("bob"), "pull")).start()) {
            loginPullPush(r);
        }
    }

    @Test
    void basicAuth_loginPullPush_andWrongPasswordIsRefused() throws Exception {
        try (TestRegistry r = TestRegistry.builder(dir).basicAuth().user("alice", "s3cret").user("bob", "hunter2")
                .rule(AccessRule.repository("alice/**", List.of("alice"), "*"))
                .rule(AccessRule.repository("alice/**", List.of("bob"), "pull")).start()) {
            loginPullPush(r);
        }
    }

    private void loginPullPush(TestRegistry r) throws Exception {
        String host = r.host();
        Cli.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "alice:s3cret",
                "oci:" + TestImages.layout("busybox") + ":latest", "docker://" + host + "/alice/busybox:latest")
                .requireSuccess();

        Dockerd.Result wrong = dockerd.dockerWithInput("nope", "login", host, "-u", "alice", "--password-stdin");
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.output()).containsIgnoringCase("unauthorized");

        Dockerd.Result anonymous = dockerd.docker("pull", host + "/alice/busybox:latest");
        assertThat(anonymous.exitCode()).isNotZero();

        assertThat(dockerd.dockerWithInput("s3cret", "login", host, "-u", "alice", "--password-stdin")
                .requireSuccess("login").output()).contains("Login Succeeded");
        dockerd.docker("pull", host + "/alice/busybox:latest").requireSuccess("pull");
        dockerd.docker("tag", host + "/alice/busybox:latest", host + "/alice/copy:v1").requireSuccess("tag");
        dockerd.docker("push", host + "/alice/copy:v1").requireSuccess("push");
        JsonNode pushed = Json.MAPPER.readTree(Cli.run("skopeo", "inspect", "--tls-verify=false", "--creds",
                "alice:s3cret", "docker://" + host + "/alice/copy:v1").requireSuccess().output());
        JsonNode original = Json.MAPPER.readTree(Cli.run("skopeo", "inspect", "--tls-verify=false", "--creds",
                "alice:s3cret", "docker://" + host + "/alice/busybox:latest").requireSuccess().output());
        assertThat(pushed.get("Layers")).isEqualTo(original.get("Layers"));

        dockerd.dockerWithInput("hunter2", "login", host, "-u", "bob", "--password-stdin").requireSuccess("bob login");
        Dockerd.Result denied = dockerd.docker("push", host + "/alice/copy:v1");
        assertThat(denied.exitCode()).isNotZero();
        assertThat(denied.output()).containsIgnoringCase("denied");
        dockerd.docker("logout", host).requireSuccess("logout");
        dockerd.docker("rmi", host + "/alice/busybox:latest", host + "/alice/copy:v1").requireSuccess("rmi");
    }
}
