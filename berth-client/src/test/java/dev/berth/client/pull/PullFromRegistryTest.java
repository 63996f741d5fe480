package dev.berth.client.pull;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.client.pull.PullEvent.AlreadyExists;
import dev.berth.client.pull.PullEvent.Done;
import dev.berth.client.pull.PullEvent.PullComplete;
import dev.berth.client.pull.PullEvent.PullingFrom;
import dev.berth.client.pull.PullEvent.Resolved;
import dev.berth.client.registry.RegistryClient;
import dev.berth.client.registry.RegistryConfig;
import dev.berth.client.testing.DistributionRegistry;
import dev.berth.client.testing.Events;
import dev.berth.client.testing.TestTarget;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.layout.TestImages;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Pulls from a real distribution registry on loopback, into a local content store and layer directories. */
@org.junit.jupiter.api.Timeout(300)
class PullFromRegistryTest {
    static DistributionRegistry registry;
    static RegistryClient client;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startRegistry(@TempDir Path dir) throws IOException {
        registry = DistributionRegistry.open(dir.resolve("registry"));
        registry.push(TestImages.layout("hello-world"), "library/hello-world:latest");
        registry.push(TestImages.layout("busybox"), "library/busybox:latest");
        registry.push(TestImages.layout("busybox-multiarch"), "library/busybox-multiarch:latest");
        registry.push(TestImages.layout("multi-layer"), "library/multi-layer:latest");
        registry.pushAs("v2s2", TestImages.layout("busybox-multiarch"), "library/busybox-docker:latest");
        client = new RegistryClient(RegistryConfig.defaults());
    }

    @AfterAll
    static void stopRegistry() throws InterruptedException {
        client.close();
        registry.close();
    }

    Reference ref(String s) {
        return Reference.parse(registry.host() + "/" + s);
    }

    @Test
    void pullByTag_unpacksEveryLayer_storesTheBlobs_andRegistersTheImage() {
        TestTarget target = new TestTarget(tmp);
        Events events = new Events();
        PulledImage image = new Puller(client, target, PullOptions.defaults())
                .pull(ref("library/hello-world"), Optional.empty(), events);

        assertThat(image.reference()).isEqualTo(ref("library/hello-world:latest"));
        assertThat(events.all().getFirst()).isEqualTo(new PullingFrom("latest", "library/hello-world"));
        LayerKey layer = image.layers().getFirst();
        assertThat(events.lines()).containsSubsequence(
                layer.blob().digest().shortId() + ": Pulling fs layer",
                layer.blob().digest().shortId() + ": Verifying Checksum",
                layer.blob().digest().shortId() + ": Download complete",
                layer.blob().digest().shortId() + ": Pull complete",
                "Digest: " + image.resolved(),
                "Status: Downloaded newer image for " + registry.host() + "/library/hello-world:latest");
        assertThat(events.of(PullEvent.Downloading.class)).last()
                .satisfies(d -> assertThat(d.current()).isEqualTo(layer.blob().size()));
        assertThat(target.directories().path(layer.chainId()).resolve("hello")).isRegularFile();
        assertThat(target.content().contains(layer.blob().digest())).isTrue();
        assertThat(target.content().contains(image.config().digest())).isTrue();
        assertThat(target.content().contains(image.manifest().digest())).isTrue();
        assertThat(target.content().ingests()).isEmpty();
        assertThat(target.images()).containsEntry(image.reference(), image.id());
    }

    @Test
    void pullAgain_layersAlreadyExist_andTheImageIsUpToDate() {
        TestTarget target = new TestTarget(tmp);
        Puller puller = new Puller(client, target, PullOptions.defaults());
        PulledImage first = puller.pull(ref("library/busybox"), Optional.empty(), new Events());
        Events again = new Events();
        puller.pull(ref("library/busybox"), Optional.empty(), again);

        assertThat(again.of(AlreadyExists.class)).extracting(AlreadyExists::layer)
                .containsExactlyElementsOf(first.layers().stream().map(k -> k.blob().digest()).toList());
        assertThat(again.of(PullEvent.Downloading.class)).isEmpty();
        assertThat(again.all().getLast()).isEqualTo(new Done(registry.host() + "/library/busybox:latest", false));
        assertThat(again.lines()).last().isEqualTo("Status: Image is up to date for " + registry.host()
                + "/library/busybox:latest");
    }

    @Test
    void pullByDigest_resolvesExactlyThatManifest() {
        TestTarget byTag = new TestTarget(tmp.resolve("a"));
        PulledImage tagged = new Puller(client, byTag, PullOptions.defaults())
                .pull(ref("library/busybox"), Optional.empty(), new Events());
        TestTarget target = new TestTarget(tmp.resolve("b"));
        Events events = new Events();
        Reference byDigest = ref("library/busybox@" + tagged.resolved());
        PulledImage image = new Puller(client, target, PullOptions.defaults()).pull(byDigest, Optional.empty(), events);

        assertThat(image.id()).isEqualTo(tagged.id());
        assertThat(image.reference()).isEqualTo(byDigest);
        assertThat(events.all().getFirst()).isEqualTo(new PullingFrom(tagged.resolved().toString(), "library/busybox"));
        assertThat(events.of(Resolved.class)).containsExactly(new Resolved(tagged.resolved()));
    }

    @Test
    void multiArch_choosesTheHostPlatform_orArm64OnRequest() {
        Puller puller = new Puller(client, new TestTarget(tmp), PullOptions.defaults());
        PulledImage host = puller.pull(ref("library/busybox-multiarch"), Optional.empty(), new Events());
        PulledImage arm = puller.pull(ref("library/busybox-multiarch"), Optional.of(Platform.parse("linux/arm64")),
                new Events());

        assertThat(host.imageConfig().architecture()).isEqualTo(Platform.host().architecture());
        assertThat(arm.imageConfig().architecture()).isEqualTo("arm64");
        assertThat(host.index()).isPresent();
        assertThat(host.resolved()).isEqualTo(host.index().get().digest()).isEqualTo(arm.resolved());
        assertThat(arm.manifest().digest()).isNotEqualTo(host.manifest().digest());
    }

    @Test
    void dockerManifestListAndSchema2_areNegotiatedAndPulled() {
        TestTarget target = new TestTarget(tmp);
        PulledImage image = new Puller(client, target, PullOptions.defaults())
                .pull(ref("library/busybox-docker"), Optional.of(Platform.parse("linux/arm64")), new Events());
        assertThat(image.index()).hasValueSatisfying(
                i -> assertThat(i.mediaType()).isEqualTo(dev.berth.oci.spec.MediaTypes.DOCKER_MANIFEST_LIST));
        assertThat(image.manifest().mediaType()).isEqualTo(dev.berth.oci.spec.MediaTypes.DOCKER_MANIFEST);
        assertThat(image.layers().getFirst().blob().mediaType())
                .isEqualTo(dev.berth.oci.spec.MediaTypes.DOCKER_LAYER_GZIP);
        assertThat(image.imageConfig().architecture()).isEqualTo("arm64");
        assertThat(target.content().contains(image.index().get().digest())).isTrue();
        assertThat(target.directories().path(image.layers().getFirst().chainId()).resolve("bin")).isDirectory();
    }

    @Test
    void platformAbsentFromTheIndex_isDockersNoMatchingManifest() {
        Puller puller = new Puller(client, new TestTarget(tmp), PullOptions.defaults());
        assertThatThrownBy(() -> puller.pull(ref("library/busybox-multiarch"),
                Optional.of(Platform.parse("linux/s390x")), new Events()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("no matching manifest for linux/s390x in the manifest list entries");
    }

    @Test
    void singlePlatformImage_ofAnotherPlatform_isRefusedAsDockerDoes() {
        TestTarget target = new TestTarget(tmp);
        Puller puller = new Puller(client, target, PullOptions.defaults());
        assertThatThrownBy(() -> puller.pull(ref("library/hello-world"), Optional.of(Platform.parse("linux/arm64")),
                new Events()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessageStartingWith("image with reference " + registry.host() + "/library/hello-world:latest "
                        + "was found but does not match the specified platform: wanted linux/arm64")
                .hasMessageEndingWith("actual: linux/amd64");
        assertThat(target.images()).isEmpty();
    }

    @Test
    void multiLayerImage_allLayersUnpackedConcurrently_withOverlayWhiteouts() throws IOException {
        TestTarget target = new TestTarget(tmp);
        Events events = new Events();
        PulledImage image = new Puller(client, target, PullOptions.defaults())
                .pull(ref("library/multi-layer"), Optional.empty(), events);

        assertThat(image.layers()).hasSizeGreaterThan(2);
        assertThat(events.of(PullComplete.class)).hasSize(image.layers().size());
        assertThat(events.of(PullEvent.Waiting.class)).hasSize(Math.max(0, image.layers().size() - 3));
        for (LayerKey k : image.layers()) {
            assertThat(target.directories().path(k.chainId())).isDirectory();
        }
        try (var files = Files.walk(target.directories().path(image.layers().getLast().chainId()))) {
            assertThat(files.count()).isPositive();
        }
    }

    @Test
    void unknownTag_isDockersManifestNotFound() {
        Puller puller = new Puller(client, new TestTarget(tmp), PullOptions.defaults());
        assertThatThrownBy(() -> puller.pull(ref("library/busybox:nope"), Optional.empty(), new Events()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("manifest for " + registry.host() + "/library/busybox:nope not found: "
                        + "manifest unknown: manifest unknown");
    }

    @Test
    void unknownRepository_isManifestNotFound_asDockerSaysOfADistributionRegistry() {
        Puller puller = new Puller(client, new TestTarget(tmp), PullOptions.defaults());
        assertThatThrownBy(() -> puller.pull(ref("nobody/nothing"), Optional.empty(), new Events()))
                .isInstanceOfSatisfying(BerthException.class, e -> assertThat(e.kind()).isEqualTo(ErrorKind.NOT_FOUND))
                .hasMessage("manifest for " + registry.host() + "/nobody/nothing:latest not found: "
                        + "manifest unknown: manifest unknown");
    }
}
