package dev.berth.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.e2e.ReplayDaemon.Request;
import dev.berth.cli.e2e.ReplayDaemon.Response;
import dev.berth.oci.spec.Json;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code berth build --push} against a scripted daemon: the build request asks for a push (buildkit's
 * {@code outputs}), for every {@code --platform}, with the stored credentials of the tag's registry in
 * {@code X-Registry-Config}; the steps and the push progress the daemon streams are shown as docker shows them.
 */
class BuildPushRequestTest {
    @TempDir
    Path dir;

    @Test
    void push_sendsOutputsPlatformsAndCredentials_andShowsThePush() throws Exception {
        Path config = Files.createDirectories(dir.resolve("config"));
        String basic = Base64.getEncoder().encodeToString("builder:s3cret".getBytes(StandardCharsets.UTF_8));
        Files.writeString(config.resolve("config.json"), "{\"auths\":{\"127.0.0.1:5999\":{\"auth\":\"" + basic
                + "\"}}}");
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\nCOPY a /\n");
        Files.writeString(ctx.resolve("a"), "a\n");
        String id = "sha256:" + "ab".repeat(32);
        try (ReplayDaemon daemon = new ReplayDaemon(dir.resolve("d.sock"), Optional.of("1.45"), r -> Response.stream(
                "{\"stream\":\"Step 1/2 : FROM scratch\\n\"}",
                "{\"stream\":\"Successfully built abababababab\\n\"}",
                "{\"status\":\"The push refers to repository [127.0.0.1:5999/app]\"}",
                "{\"status\":\"Pushed\",\"progressDetail\":{},\"id\":\"0123456789ab\"}",
                "{\"status\":\"1: digest: sha256:" + "cd".repeat(32) + " size: 412\"}",
                "{\"progressDetail\":{},\"aux\":{\"Tag\":\"1\",\"Digest\":\"sha256:" + "cd".repeat(32)
                        + "\",\"Size\":412}}",
                "{\"aux\":{\"ID\":\"" + id + "\"}}"))) {
            Processes.Run run = new Clients(null, config, Map.of()).berthOn(daemon.host(), "build", "--push",
                    "--platform", "linux/amd64,linux/arm64", "-t", "127.0.0.1:5999/app:1", "--iidfile",
                    dir.resolve("iid").toString(), ctx.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("Step 1/2 : FROM scratch", "The push refers to repository "
                    + "[127.0.0.1:5999/app]", "0123456789ab: Pushed", "1: digest: sha256:" + "cd".repeat(32));
            assertThat(Files.readString(dir.resolve("iid"))).isEqualTo(id);
            List<Request> requests = daemon.requests();
            assertThat(requests).hasSize(1);
            Request build = requests.getFirst();
            String query = URLDecoder.decode(build.target(), StandardCharsets.UTF_8);
            assertThat(query).contains("platform=linux/amd64,linux/arm64", "t=127.0.0.1:5999/app:1",
                    "outputs=[{\"Type\":\"image\",\"Attrs\":{\"push\":\"true\"}}]");
            JsonNode configs = Json.MAPPER.readTree(Base64.getUrlDecoder().decode(build.header("X-Registry-Config")));
            assertThat(configs.path("127.0.0.1:5999").path("username").asText()).isEqualTo("builder");
            assertThat(configs.path("127.0.0.1:5999").path("password").asText()).isEqualTo("s3cret");
        }
    }

    @Test
    void withoutPush_noOutputsAndNoCredentialsAreSent() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx"));
        Files.writeString(ctx.resolve("Dockerfile"), "FROM scratch\n");
        try (ReplayDaemon daemon = new ReplayDaemon(dir.resolve("d.sock"), Optional.of("1.45"),
                r -> Response.stream("{\"aux\":{\"ID\":\"sha256:" + "ab".repeat(32) + "\"}}"))) {
            Processes.Run run = new Clients(null, Files.createDirectories(dir.resolve("config")), Map.of())
                    .berthOn(daemon.host(), "build", "-t", "app:1", ctx.toString());
            assertThat(run.exit()).as(run.err()).isZero();
            Request build = daemon.requests().getFirst();
            assertThat(build.target()).doesNotContain("outputs");
            assertThat(build.header("X-Registry-Config")).isEmpty();
        }
    }
}
