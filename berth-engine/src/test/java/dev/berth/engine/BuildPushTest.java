package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.client.testing.DistributionRegistry;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.oci.layout.TestImages;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code POST /build} with buildkit's {@code outputs} push (what {@code berth build --push} sends): one platform
 * pushes the built image with the {@code X-Registry-Config} credentials; several platforms build once each and push
 * an image index, which a real registry serves and the docker CLI pulls and runs.
 */
class BuildPushTest {
    private static final String PUSH = "[{\"Type\":\"image\",\"Attrs\":{\"push\":\"true\"}}]";

    static RunningDaemon daemon;
    static DockerCli docker;
    static DistributionRegistry registry;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "builds mount overlays: need root");
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        registry = DistributionRegistry.open(daemon.dir().resolve("registry"));
        registry.push(TestImages.layout("busybox-multiarch"), "library/busybox:multi");
    }

    @AfterAll
    static void stop() throws Exception {
        if (registry != null) {
            registry.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void severalPlatforms_withoutRun_pushAnIndex_whoseImagesRun() throws Exception {
        Path ctx = context("FROM " + registry.host() + "/library/busybox:multi\nCOPY hello.txt /hello.txt\n"
                + "CMD [\"cat\", \"/hello.txt\"]\n");
        String tag = registry.host() + "/built/multi:1";
        DockerCli.Result r = build(ctx, "t=" + tag + "&platform=linux/amd64,linux/arm64&outputs=" + encode(PUSH), "");
        assertThat(r.out()).as(r.out()).contains("Platform linux/amd64:", "Platform linux/arm64", "Successfully built",
                "The push refers to repository [" + registry.host() + "/built/multi]", "1: digest: sha256:")
                .doesNotContain("errorDetail");
        JsonNode index = manifest("built/multi", "1");
        assertThat(index.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
        List<String> archs = new ArrayList<>();
        for (JsonNode m : index.path("manifests")) {
            String arch = m.path("platform").path("architecture").asText();
            archs.add(arch);
            JsonNode manifest = manifest("built/multi", m.path("digest").asText());
            JsonNode config = blob("built/multi", manifest.path("config").path("digest").asText());
            assertThat(config.path("architecture").asText()).isEqualTo(arch);
            assertThat(config.path("config").path("Cmd").toString()).isEqualTo("[\"cat\",\"/hello.txt\"]");
            assertThat(manifest.path("layers")).hasSize(2);
        }
        assertThat(archs).containsExactly("amd64", "arm64");
        assertThat(docker.run("run", "--rm", tag).orFail().out()).isEqualTo("hello\n");
    }

    @Test
    void fromPlatform_buildsAStageForAnotherPlatform_besideATargetForTheHost() {
        String base = registry.host() + "/library/busybox:multi";
        Path ctx;
        try {
            ctx = context("FROM --platform=linux/arm64 " + base + " AS arm\nFROM " + base + "\n"
                    + "COPY --from=arm /bin/busybox /arm64-busybox\n");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        DockerCli.Result r = build(ctx, "t=fromplatform:1", "");
        assertThat(r.out()).as(r.out()).contains("Successfully tagged fromplatform:1").doesNotContain("errorDetail");
        // ELF e_machine (offset 18): 0xb7 is aarch64, 0x3e x86-64 (the host's).
        assertThat(docker.run("run", "--rm", "fromplatform:1", "sh", "-c",
                "od -An -tx1 -j18 -N2 /arm64-busybox; od -An -tx1 -j18 -N2 /bin/busybox").orFail().out())
                .isEqualTo(" b7 00\n 3e 00\n");
    }

    @Test
    void severalPlatforms_refuseRun_andAPushIsNeeded_beforeAnythingIsBuilt() throws Exception {
        String tag = registry.host() + "/built/refused:1";
        DockerCli.Result run = build(context("FROM scratch\nCOPY hello.txt /\nRUN true\n"),
                "t=" + tag + "&platform=linux/amd64,linux/arm64&outputs=" + encode(PUSH), "");
        assertThat(run.out()).contains("dockerfile line 3: RUN true: a build for several platforms runs no RUN");
        DockerCli.Result noPush = build(context("FROM scratch\nCOPY hello.txt /\n"),
                "t=" + tag + "&platform=linux/amd64,linux/arm64", "");
        assertThat(noPush.out()).contains("a build for several platforms needs a push");
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(registry.uri().resolve(
                "/v2/built/refused/tags/list")).build(), HttpResponse.BodyHandlers.ofString()).statusCode())
                .isEqualTo(404);
    }

    @Test
    void onePlatform_pushesTheBuiltImage_withTheCredentialsOfXRegistryConfig() throws Exception {
        try (DistributionRegistry secured = DistributionRegistry.withBasicAuth(daemon.dir().resolve("secured"),
                "builder", "s3cret")) {
            String tag = secured.host() + "/built/single:2";
            Path ctx = context("FROM scratch\nCOPY hello.txt /hello.txt\n");
            DockerCli.Result denied = build(ctx, "t=" + tag + "&outputs=" + encode("[{\"Type\":\"registry\"}]"), "");
            assertThat(denied.out()).contains("errorDetail");
            String auth = Base64.getUrlEncoder().encodeToString(("{\"" + secured.host()
                    + "\":{\"username\":\"builder\",\"password\":\"s3cret\"}}").getBytes(StandardCharsets.UTF_8));
            DockerCli.Result r = build(ctx, "t=" + tag + "&outputs=" + encode("[{\"Type\":\"registry\"}]"), auth);
            assertThat(r.out()).as(r.out()).contains("Successfully tagged " + tag, "2: digest: sha256:")
                    .doesNotContain("errorDetail");
            assertThat(docker.run("image", "inspect", "-f", "{{.RepoDigests}}", tag).orFail().out())
                    .contains(secured.host() + "/built/single@sha256:");
        }
    }

    private static DockerCli.Result build(Path ctx, String query, String registryConfig) {
        return docker.shell("tar -C " + ctx + " -cf - . | curl -sS --unix-socket " + daemon.socket()
                + " -H 'Content-Type: application/x-tar' -H 'X-Registry-Config: " + registryConfig + "'"
                + " --data-binary @- 'http://localhost/v1.41/build?" + query + "'");
    }

    private static Path context(String dockerfile) throws IOException {
        Path ctx = Files.createTempDirectory(daemon.dir(), "ctx-");
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        Files.writeString(ctx.resolve("hello.txt"), "hello\n");
        return ctx;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static JsonNode manifest(String repo, String reference) throws Exception {
        return get("/v2/" + repo + "/manifests/" + reference);
    }

    private static JsonNode blob(String repo, String digest) throws Exception {
        return get("/v2/" + repo + "/blobs/" + digest);
    }

    private static JsonNode get(String path) throws Exception {
        try (HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL).build()) {
            HttpResponse<byte[]> res = client.send(HttpRequest.newBuilder(URI.create(registry.uri() + path))
                    .header("Accept", "application/vnd.oci.image.index.v1+json, application/vnd.oci.image.manifest"
                            + ".v1+json").build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(res.statusCode()).as(path).isEqualTo(200);
            return Json.MAPPER.readTree(res.body());
        }
    }
}
