package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.layer.FileTree;
import dev.berth.client.testing.DistributionRegistry;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.oci.layout.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code docker pull} through berthd from a real distribution registry on loopback. */
class DockerCliPullTest {
    static Path dir;
    static DistributionRegistry registry;
    static RunningDaemon daemon;
    static DockerCli docker;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("berth-pull-test-");
        registry = DistributionRegistry.open(dir.resolve("registry"));
        for (String name : TestImages.NAMES) {
            registry.push(TestImages.layout(name), "library/" + name + ":latest");
        }
        daemon = RunningDaemon.start();
        docker = daemon.docker();
    }

    @AfterAll
    static void stop() throws Exception {
        daemon.close();
        registry.close();
        FileTree.delete(dir);
    }

    private static String ref(String name) {
        return registry.host() + "/library/" + name;
    }

    @Test
    void pull_byTag_printsDockersLines_thenIsUpToDate() {
        List<String> lines = docker.run("pull", ref("hello-world")).orFail().lines();
        assertThat(lines.getFirst()).isEqualTo("Using default tag: latest");
        assertThat(lines.get(1)).isEqualTo("latest: Pulling from library/hello-world");
        assertThat(lines).anyMatch(l -> l.matches("[0-9a-f]{12}: Pull complete"));
        assertThat(lines).anyMatch(l -> l.matches("Digest: sha256:[0-9a-f]{64}"));
        assertThat(lines.subList(lines.size() - 2, lines.size())).containsExactly(
                "Status: Downloaded newer image for " + ref("hello-world") + ":latest", ref("hello-world") + ":latest");

        List<String> again = docker.run("pull", ref("hello-world")).orFail().lines();
        assertThat(again).anyMatch(l -> l.matches("[0-9a-f]{12}: Already exists"));
        assertThat(again).contains("Status: Image is up to date for " + ref("hello-world") + ":latest");
        assertThat(docker.run("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}", ref("hello-world"))
                .orFail().out()).isEqualTo(ref("hello-world") + ":latest eab803590d99\n");
    }

    @Test
    void pull_byDigest_recordsTheRepoDigest() {
        docker.run("pull", ref("busybox")).orFail();
        String digest = docker.run("image", "inspect", "--format", "{{index .RepoDigests 0}}", ref("busybox"))
                .orFail().out().strip();
        assertThat(digest).startsWith(ref("busybox") + "@sha256:");
        docker.run("rmi", ref("busybox")).orFail();
        List<String> lines = docker.run("pull", digest).orFail().lines();
        assertThat(lines).contains("Status: Downloaded newer image for " + digest);
        assertThat(docker.run("images", "--digests", "--format", "{{.Digest}} {{.ID}}", ref("busybox")).orFail()
                .out()).isEqualTo(digest.substring(digest.indexOf('@') + 1) + " 49a58c28208e\n");
    }

    @Test
    void pull_multiArch_choosesHost_orThePlatformAskedFor() {
        docker.run("pull", ref("busybox-multiarch")).orFail();
        assertThat(docker.run("image", "inspect", "--format", "{{.Architecture}}", ref("busybox-multiarch"))
                .orFail().out().strip()).isEqualTo("amd64");
        docker.run("pull", "--platform", "linux/arm64", ref("busybox-multiarch")).orFail();
        assertThat(docker.run("image", "inspect", "--format", "{{.Architecture}} {{.Variant}}",
                ref("busybox-multiarch")).orFail().out().strip()).isEqualTo("arm64 v8");
    }

    @Test
    void pull_multiLayer_unpacksEveryLayerWithWhiteoutsForOverlay() throws IOException {
        docker.run("pull", ref("multi-layer")).orFail();
        List<String> layers = docker.run("image", "inspect", "--format", "{{json .RootFS.Layers}}", ref("multi-layer"))
                .orFail().lines();
        assertThat(layers.getFirst()).contains("sha256:");
        try (Stream<Path> dirs = Files.list(daemon.dataRoot().resolve("layers/sha256"))) {
            assertThat(dirs.count()).isGreaterThanOrEqualTo(5);
        }
        assertThat(docker.run("images", "--format", "{{.Size}}", ref("multi-layer")).orFail().out().strip())
                .endsWith("MB");
    }

    @Test
    void push_toAnotherRepository_mountsTheLayer_thenFindsItThere() {
        docker.run("pull", ref("busybox")).orFail();
        String target = registry.host() + "/team/tool:v1";
        docker.run("tag", ref("busybox"), target).orFail();
        List<String> lines = docker.run("push", target).orFail().lines();
        assertThat(lines.getFirst()).isEqualTo("The push refers to repository [" + registry.host() + "/team/tool]");
        assertThat(lines).contains("c67d474101ec: Preparing", "c67d474101ec: Mounted from library/busybox");
        assertThat(lines.getLast()).matches("v1: digest: sha256:[0-9a-f]{64} size: \\d+");
        assertThat(docker.run("push", target).orFail().lines()).contains("c67d474101ec: Layer already exists");
        assertThat(docker.run("image", "inspect", "--format", "{{json .RepoDigests}}", target).orFail().out())
                .contains(registry.host() + "/team/tool@sha256:");
    }

    @Test
    void push_ofALoadedImage_uploads_andPullsBackTheSameImage() {
        docker.run("load", "-i", dev.berth.engine.testing.TestArchives.of("hello-world").toString()).orFail();
        String target = registry.host() + "/loaded/hello:1";
        docker.run("tag", "hello-world", target).orFail();
        // Pushed, or mounted when another test pulled the same image (same ID) from library/hello-world first.
        assertThat(docker.run("push", target).orFail().lines())
                .anyMatch(l -> l.matches("4839a38d2341: (Pushed|Mounted from library/hello-world)"));
        docker.run("rmi", target).orFail();
        assertThat(docker.run("pull", target).orFail().lines()).contains(target);
        assertThat(docker.run("images", "-q", target).orFail().out()).isEqualTo("eab803590d99\n");
    }

    @Test
    void push_ofALoadedImage_mountsItsLayerFromTheRepositoryItWasOncePulledFrom() throws IOException {
        try (RunningDaemon own = RunningDaemon.start()) {
            DockerCli docker = own.docker();
            docker.run("pull", ref("busybox")).orFail();
            docker.run("rmi", ref("busybox")).orFail();
            docker.run("load", "-i", dev.berth.engine.testing.TestArchives.of("busybox").toString()).orFail();
            String target = registry.host() + "/loaded/busybox:1";
            docker.run("tag", "busybox", target).orFail();
            assertThat(docker.run("push", target).orFail().lines())
                    .contains("c67d474101ec: Mounted from library/busybox");
            docker.run("rmi", target, "busybox").orFail();
            assertThat(docker.run("pull", target).orFail().lines()).contains(target);
            assertThat(docker.run("images", "-q", target).orFail().out()).isEqualTo("49a58c28208e\n");
        }
    }

    @Test
    void push_ofAnUnknownImage_failsWithDockersMessage() {
        DockerCli.Result r = docker.run("push", registry.host() + "/nope/x:1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("An image does not exist locally with the tag: " + registry.host() + "/nope/x");
    }

    @Test
    void distributionInspect_listsThePlatformsOfAnIndex() {
        String out = docker.run("manifest", "inspect", "--insecure", ref("busybox-multiarch")).out();
        DockerCli.Result r = docker.shell("curl -s --unix-socket " + daemon.socket() + " http://d/distribution/"
                + ref("busybox-multiarch") + "/json");
        assertThat(r.orFail().out()).contains("\"mediaType\":\"application/vnd.oci.image.index.v1+json\"",
                "{\"architecture\":\"amd64\",\"os\":\"linux\"}",
                "{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}");
        assertThat(out).isNotNull();
    }

    @Test
    void login_thenPullAndPush_withTheCredentials_ofABasicAuthRegistry() throws IOException, InterruptedException {
        try (DistributionRegistry secured = DistributionRegistry.withBasicAuth(dir.resolve("secured"), "ann", "s3cret");
                RunningDaemon own = RunningDaemon.start()) {
            DockerCli docker = own.docker();
            secured.push(TestImages.layout("hello-world"), "library/private:latest", "ann", "s3cret");
            String image = secured.host() + "/library/private";
            DockerCli.Result anonymous = docker.run("pull", image);
            assertThat(anonymous.exitCode()).isEqualTo(1);
            DockerCli.Result wrong = docker.run("login", secured.host(), "-u", "ann", "-p", "nope");
            assertThat(wrong.exitCode()).isEqualTo(1);
            assertThat(wrong.err()).contains("401 Unauthorized");
            assertThat(docker.run("login", secured.host(), "-u", "ann", "-p", "s3cret").orFail().out())
                    .contains("Login Succeeded");
            assertThat(docker.run("pull", image).orFail().lines()).contains(image + ":latest");
            docker.run("tag", image, secured.host() + "/ann/copy:1").orFail();
            assertThat(docker.run("push", secured.host() + "/ann/copy:1").orFail().lines().getLast())
                    .startsWith("1: digest: sha256:");
            docker.run("logout", secured.host()).orFail();
        }
    }

    @Test
    void pull_ofADockerHubName_isServedByTheConfiguredMirror() throws IOException {
        Path own = Files.createTempDirectory(Path.of("/tmp"), "berthd-mirror-");
        try (RunningDaemon mirrored = RunningDaemon.start(own, dev.berth.engine.config.DaemonConfig.defaults()
                .withRegistryMirrors(List.of(registry.uri().toString())))) {
            DockerCli docker = mirrored.docker();
            assertThat(docker.run("info", "--format", "{{json .RegistryConfig.Mirrors}}").orFail().out())
                    .contains(registry.uri().toString());
            List<String> lines = docker.run("pull", "hello-world").orFail().lines();
            assertThat(lines).contains("latest: Pulling from library/hello-world",
                    "Status: Downloaded newer image for hello-world:latest", "docker.io/library/hello-world:latest");
            assertThat(docker.run("images", "-q", "hello-world").orFail().out()).isEqualTo("eab803590d99\n");
        }
    }

    @Test
    void pull_unknownTag_failsWithDockersMessage() {
        DockerCli.Result r = docker.run("pull", ref("busybox") + ":nope");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Error response from daemon: manifest for " + ref("busybox")
                + ":nope not found: manifest unknown");
    }

    @Test
    void pull_malformedReference_isRefusedByTheCli() {
        DockerCli.Result r = docker.run("pull", registry.host() + "/library/Busybox");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("invalid reference format");
    }

    @Test
    void concurrentPulls_ofOneImage_bothSucceed_andStoreItOnce() throws IOException {
        DockerCli.Result[] results = Stream.of(1, 2)
                .map(i -> CompletableFuture.supplyAsync(() -> docker.run("pull", ref("multi-layer") + ":latest")))
                .toList().stream().map(CompletableFuture::join).toArray(DockerCli.Result[]::new);
        for (DockerCli.Result r : results) {
            r.orFail();
        }
        assertThat(docker.run("images", "-q", ref("multi-layer")).orFail().lines()).hasSize(1);
        try (Stream<Path> staging = Files.list(daemon.dataRoot().resolve("tmp"))) {
            assertThat(staging.toList()).isEmpty();
        }
    }

    @Test
    void pull_ofTamperedBlob_failsAndStoresNothing() throws Exception {
        Path other = dir.resolve("tampered");
        try (DistributionRegistry bad = DistributionRegistry.open(other); RunningDaemon fresh = RunningDaemon.start()) {
            DockerCli docker = fresh.docker();
            bad.push(TestImages.layout("hello-world"), "library/tampered:latest");
            String layer = layerBlobOf(bad.storage());
            Path data = bad.blobData(layer);
            byte[] bytes = Files.readAllBytes(data);
            bytes[bytes.length / 2] ^= 0x55;
            data.toFile().setWritable(true);
            Files.write(data, bytes);
            DockerCli.Result r = docker.run("pull", bad.host() + "/library/tampered");
            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.err() + r.out()).containsAnyOf("digest", "mismatch", "corrupt", "invalid");
            assertThat(docker.run("images", "-q", bad.host() + "/library/tampered").orFail().out()).isEmpty();
            assertThat(fresh.dataRoot().resolve("content/blobs/sha256/" + layer)).doesNotExist();
            try (Stream<Path> layers = Files.list(fresh.dataRoot().resolve("layers"))) {
                assertThat(layers.flatMap(DockerCliPullTest::children).toList()).isEmpty();
            }
        }
    }

    private static Stream<Path> children(Path p) {
        try {
            return Files.list(p).toList().stream();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** The largest blob of a registry's storage: the hello-world layer. */
    private static String layerBlobOf(Path storage) throws IOException {
        try (Stream<Path> blobs = Files.walk(storage.resolve("docker/registry/v2/blobs/sha256"))) {
            Path biggest = blobs.filter(p -> p.getFileName().toString().equals("data"))
                    .max(java.util.Comparator.comparingLong(p -> p.toFile().length())).orElseThrow();
            return biggest.getParent().getFileName().toString();
        }
    }
}
