package dev.berth.registry.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.layout.TestImages;
import dev.berth.oci.spec.Json;
import dev.berth.registry.testing.Cli;
import dev.berth.registry.testing.TestRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real skopeo against the registry with Basic auth and with token auth: copy, inspect, list-tags, delete. */
class SkopeoAuthTest {
    @TempDir
    Path dir;

    @Test
    void basicAuth_copyInspectListDelete_withCreds_andRefusedWithout() throws Exception {
        try (TestRegistry r = TestRegistry.builder(dir).basicAuth().user("alice", "s3cret").user("bob", "hunter2")
                .rule(AccessRule.repository("alice/**", List.of("alice"), "*"))
                .rule(AccessRule.repository("alice/**", List.of("bob"), "pull")).start()) {
            roundTrip(r, "busybox", false);
            String ref = pushHello(r);
            assertRefused(Cli.run("skopeo", "inspect", "--tls-verify=false", ref), "authentication required");
            assertRefused(Cli.run("skopeo", "inspect", "--tls-verify=false", "--creds", "alice:wrong", ref),
                    "authentication required");
            assertThat(Cli.run("skopeo", "inspect", "--tls-verify=false", "--creds", "bob:hunter2", ref).exitCode())
                    .as("bob may pull").isZero();
            assertRefused(Cli.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "bob:hunter2",
                    "oci:" + TestImages.layout("hello-world") + ":latest",
                    "docker://" + r.host() + "/alice/other:latest"), "denied");
        }
    }

    @Test
    void tokenAuth_copyInspectListDelete_singleAndMultiArch() throws Exception {
        try (TestRegistry r = TestRegistry.builder(dir).tokenAuth().user("alice", "s3cret").user("bob", "hunter2")
                .rule(AccessRule.repository("alice/**", List.of("alice"), "*")).start()) {
            roundTrip(r, "busybox", false);
            roundTrip(r, "busybox-multiarch", true);
            String ref = pushHello(r);
            assertRefused(Cli.run("skopeo", "inspect", "--tls-verify=false", "--creds", "alice:wrong", ref),
                    "invalid username/password");
            assertRefused(Cli.run("skopeo", "inspect", "--tls-verify=false", "--creds", "bob:hunter2", ref),
                    "denied");
            assertRefused(Cli.run("skopeo", "inspect", "--tls-verify=false", ref), "authentication required");
        }
    }

    private static String pushHello(TestRegistry r) throws Exception {
        String ref = "docker://" + r.host() + "/alice/hello:latest";
        Cli.run("skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", "alice:s3cret",
                "oci:" + TestImages.layout("hello-world") + ":latest", ref).requireSuccess();
        return ref;
    }

    /** Pushes a test image as alice, reads it back byte for byte, lists its tags, deletes it. */
    private void roundTrip(TestRegistry r, String image, boolean all) throws Exception {
        String ref = "docker://" + r.host() + "/alice/" + image + ":latest";
        String creds = "alice:s3cret";
        Path out = dir.resolve("out-" + image);
        Cli.run(all ? new String[] {"skopeo", "copy", "--all", "--dest-tls-verify=false", "--dest-creds", creds,
                "oci:" + TestImages.layout(image) + ":latest", ref}
                : new String[] {"skopeo", "copy", "--dest-tls-verify=false", "--dest-creds", creds,
                "oci:" + TestImages.layout(image) + ":latest", ref}).requireSuccess();
        JsonNode inspect = Json.MAPPER.readTree(Cli.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                "--creds", creds, ref).requireSuccess().output());
        assertThat(inspect.get("schemaVersion").asInt()).isEqualTo(2);
        Cli.run(all ? new String[] {"skopeo", "copy", "--all", "--src-tls-verify=false", "--src-creds", creds, ref,
                "oci:" + out + ":latest"}
                : new String[] {"skopeo", "copy", "--src-tls-verify=false", "--src-creds", creds, ref,
                "oci:" + out + ":latest"}).requireSuccess();
        try (var blobs = Files.list(TestImages.layout(image).resolve("blobs/sha256"))) {
            for (Path blob : blobs.toList()) {
                Path copied = out.resolve("blobs/sha256").resolve(blob.getFileName());
                assertThat(copied).as("blob %s came back", blob.getFileName()).exists();
                assertThat(Files.mismatch(blob, copied)).isEqualTo(-1L);
            }
        }
        JsonNode tags = Json.MAPPER.readTree(Cli.run("skopeo", "list-tags", "--tls-verify=false", "--creds", creds,
                "docker://" + r.host() + "/alice/" + image).requireSuccess().output());
        assertThat(tags.get("Tags").toString()).isEqualTo("[\"latest\"]");
        Cli.run("skopeo", "delete", "--tls-verify=false", "--creds", creds, ref).requireSuccess();
        assertThat(Cli.run("skopeo", "inspect", "--tls-verify=false", "--creds", creds, ref).exitCode()).isNotZero();
    }

    private static void assertRefused(Cli.Result result, String expected) {
        assertThat(result.exitCode()).as(result.output()).isNotZero();
        assertThat(result.output().toLowerCase()).contains(expected);
    }
}
