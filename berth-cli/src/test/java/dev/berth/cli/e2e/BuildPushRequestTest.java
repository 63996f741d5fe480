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
 * {@code -f} is resolved from the working directory, as docker's CLI does; a Dockerfile outside the context travels in
 * it under a random name that a line added to {@code .dockerignore} hides from COPY.
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

    @Test
    void dashF_namesAFileFromTheWorkingDirectory_sentAsItsPathInTheContext() throws Exception {
        Path ctx = Files.createDirectories(dir.resolve("ctx/sub"));
        Files.writeString(ctx.resolve("Other"), "FROM scratch\n");
        Path outside = Files.writeString(dir.resolve("Outside"), "FROM scratch\n");
        try (ReplayDaemon daemon = new ReplayDaemon(dir.resolve("d.sock"), Optional.of("1.45"),
                r -> Response.stream("{\"aux\":{\"ID\":\"sha256:" + "ab".repeat(32) + "\"}}"))) {
            Clients berth = new Clients(null, Files.createDirectories(dir.resolve("config")), Map.of());
            Processes.Run run = berth.berthOn(daemon.host(), "build", "-f", ctx.resolve("Other").toString(),
                    dir.resolve("ctx").toString());
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(URLDecoder.decode(daemon.requests().getFirst().target(), StandardCharsets.UTF_8))
                    .contains("dockerfile=sub/Other");
            Files.writeString(dir.resolve("ctx/.dockerignore"), "*.log");
            Processes.Run sent = berth.berthOn(daemon.host(), "build", "-f", outside.toString(),
                    dir.resolve("ctx").toString());
            assertThat(sent.exit()).as(sent.err()).isZero();
            Request build = daemon.requests().getLast();
            String name = URLDecoder.decode(build.target(), StandardCharsets.UTF_8)
                    .replaceAll(".*dockerfile=(\\.dockerfile\\.[0-9a-f]{20}).*", "$1");
            assertThat(name).startsWith(".dockerfile.");
            Map<String, String> files = tarFiles(build.body());
            assertThat(files).containsEntry(name, "FROM scratch\n")
                    .containsEntry(".dockerignore", "*.log\n.dockerignore\n" + name + "\n")
                    .containsKey("sub/Other");
            Processes.Run missing = berth.berthOn(daemon.host(), "build", "-f", dir.resolve("Nope").toString(),
                    dir.resolve("ctx").toString());
            assertThat(missing.exit()).isEqualTo(1);
            assertThat(missing.err()).contains("unable to prepare context: unable to evaluate symlinks in Dockerfile "
                    + "path: lstat " + dir.resolve("Nope") + ": no such file or directory");
        }
    }

    private static Map<String, String> tarFiles(byte[] tar) throws java.io.IOException {
        Map<String, String> files = new java.util.HashMap<>();
        try (var in = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
                new java.io.ByteArrayInputStream(tar))) {
            for (var e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                if (e.isFile()) {
                    files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
            }
        }
        return files;
    }
}
