package dev.berth.oci.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.spec.Json;
import dev.berth.oci.content.ContentStore;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.layer.LayerDiff;
import dev.berth.oci.spec.Compression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageBuilderTest {
    @TempDir
    Path tmp;

    private Path rootfs;

    @BeforeEach
    void tree() throws IOException {
        rootfs = tmp.resolve("rootfs");
        Files.createDirectories(rootfs.resolve("bin"));
        Files.writeString(rootfs.resolve("bin/tool"), "#!/bin/sh\necho tool\n");
        Files.writeString(rootfs.resolve("README"), "a test tree\n");
    }

    private static JsonNode json(ContentStore store, Digest digest) throws IOException {
        try (InputStream in = store.newInputStream(digest)) {
            return Json.MAPPER.readTree(in);
        }
    }

    @Test
    void build_storesConfigAndManifestDescribingTheLayers() throws Exception {
        LocalContentStore store = LocalContentStore.open(tmp.resolve("store"));
        BuiltImage image = ImageBuilder.forPlatform("linux/arm64/v8")
                .layer(LayerDiff.ofTree(rootfs), "COPY rootfs /")
                .emptyLayerHistory("CMD [\"tool\"]")
                .entrypoint(List.of("/bin/sh", "-c")).cmd(List.of("tool"))
                .env("PATH=/usr/bin").env("A=1").env("PATH=/bin").workingDir("/work").user("1000:1000")
                .label("org.example.kind", "test")
                .created(Instant.parse("2025-02-03T04:05:06Z"))
                .build(store);

        JsonNode manifest = json(store, image.manifest().digest());
        assertThat(manifest.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(manifest.path("config").path("digest").asText()).isEqualTo(image.config().toString());
        assertThat(manifest.path("layers").get(0).path("mediaType").asText())
                .isEqualTo("application/vnd.oci.image.layer.v1.tar+gzip");
        assertThat(manifest.path("layers").get(0).path("digest").asText())
                .isEqualTo(image.layers().getFirst().digest().toString());

        JsonNode config = json(store, image.config());
        assertThat(config.path("architecture").asText()).isEqualTo("arm64");
        assertThat(config.path("variant").asText()).isEqualTo("v8");
        assertThat(config.path("os").asText()).isEqualTo("linux");
        assertThat(config.path("created").asText()).isEqualTo("2025-02-03T04:05:06Z");
        JsonNode c = config.path("config");
        assertThat(c.path("Env").toString()).isEqualTo("[\"A=1\",\"PATH=/bin\"]");
        assertThat(c.path("Entrypoint").toString()).isEqualTo("[\"/bin/sh\",\"-c\"]");
        assertThat(c.path("Cmd").toString()).isEqualTo("[\"tool\"]");
        assertThat(c.path("WorkingDir").asText()).isEqualTo("/work");
        assertThat(c.path("User").asText()).isEqualTo("1000:1000");
        assertThat(c.path("Labels").path("org.example.kind").asText()).isEqualTo("test");
        assertThat(config.path("rootfs").path("diff_ids").get(0).asText())
                .isEqualTo(image.layers().getFirst().diffId().toString());
        assertThat(config.path("history").size()).isEqualTo(2);
        assertThat(config.path("history").get(1).path("empty_layer").asBoolean()).isTrue();
        assertThat(config.path("history").get(0).has("empty_layer")).isFalse();
    }

    @Test
    void build_isReproducible_andCreatedChangesTheDigest() {
        Digest first = ImageBuilder.forPlatform("linux/amd64").layer(LayerDiff.ofTree(rootfs), "COPY")
                .build(LocalContentStore.open(tmp.resolve("a"))).manifest().digest();
        Digest second = ImageBuilder.forPlatform("linux/amd64").layer(LayerDiff.ofTree(rootfs), "COPY")
                .build(LocalContentStore.open(tmp.resolve("b"))).manifest().digest();
        Digest later = ImageBuilder.forPlatform("linux/amd64").layer(LayerDiff.ofTree(rootfs), "COPY")
                .created(Instant.parse("2030-01-01T00:00:00Z"))
                .build(LocalContentStore.open(tmp.resolve("c"))).manifest().digest();
        assertThat(second).isEqualTo(first);
        assertThat(later).isNotEqualTo(first);
    }

    @Test
    void build_zstdLayers_haveTheZstdMediaType() throws Exception {
        LocalContentStore store = LocalContentStore.open(tmp.resolve("store"));
        BuiltImage image = ImageBuilder.forPlatform("linux/amd64").compression(Compression.ZSTD)
                .layer(LayerDiff.ofTree(rootfs), "COPY").build(store);
        assertThat(json(store, image.manifest().digest()).path("layers").get(0).path("mediaType").asText())
                .isEqualTo("application/vnd.oci.image.layer.v1.tar+zstd");
        assertThat(image.layers().getFirst().digest()).isNotEqualTo(image.layers().getFirst().diffId());
    }

    @Test
    void build_intoALayout_isAcceptedBySkopeoAndUmoci() throws Exception {
        OciLayout layout = OciLayout.create(tmp.resolve("layout"));
        Path upper = tmp.resolve("upper");
        Files.createDirectories(upper.resolve("etc"));
        Files.writeString(upper.resolve("etc/extra"), "x");
        BuiltImage image = ImageBuilder.forPlatform("linux/amd64")
                .layer(LayerDiff.ofTree(rootfs), "COPY rootfs /")
                .layer(LayerDiff.overlay(List.of(), upper), "RUN add /etc/extra")
                .cmd(List.of("/bin/tool")).build(layout.blobs());
        layout.tag("latest", image.manifest());
        layout.tidy();

        RealTar.run(tmp, "skopeo", "inspect", "oci:" + layout.dir() + ":latest");
        RealTar.run(tmp, "umoci", "raw", "unpack", "--rootless", "--image", layout.dir() + ":latest",
                tmp.resolve("unpacked").toString());
        assertThat(tmp.resolve("unpacked/etc/extra")).hasContent("x");
        assertThat(tmp.resolve("unpacked/bin/tool")).exists();
    }

    @Test
    void index_carriesEachManifestsPlatform() throws Exception {
        LocalContentStore store = LocalContentStore.open(tmp.resolve("store"));
        Digest amd = ImageBuilder.forPlatform("linux/amd64").layer(LayerDiff.ofTree(rootfs), "COPY").build(store)
                .manifest().digest();
        Digest arm = ImageBuilder.forPlatform("linux/arm64/v8").layer(LayerDiff.ofTree(rootfs), "COPY").build(store)
                .manifest().digest();

        JsonNode index = json(store, ImageBuilder.index(store, List.of(amd, arm)).digest());

        assertThat(index.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.index.v1+json");
        assertThat(index.path("manifests").get(0).path("digest").asText()).isEqualTo(amd.toString());
        assertThat(index.path("manifests").get(0).path("platform").toString())
                .isEqualTo("{\"architecture\":\"amd64\",\"os\":\"linux\"}");
        assertThat(index.path("manifests").get(1).path("platform").toString())
                .isEqualTo("{\"architecture\":\"arm64\",\"os\":\"linux\",\"variant\":\"v8\"}");
    }

    @Test
    void index_refusesWhatIsNotAManifest() {
        LocalContentStore store = LocalContentStore.open(tmp.resolve("store"));
        Digest amd = ImageBuilder.forPlatform("linux/amd64").layer(LayerDiff.ofTree(rootfs), "COPY").build(store)
                .manifest().digest();
        Digest index = ImageBuilder.index(store, List.of(amd)).digest();
        assertThatThrownBy(() -> ImageBuilder.index(store, List.of(index))).isInstanceOf(BerthException.class)
                .hasMessageContaining("not an image manifest");
    }

    @Test
    void forPlatform_andEnv_refuseMalformedValues() {
        assertThatThrownBy(() -> ImageBuilder.forPlatform("linux")).isInstanceOf(BerthException.class)
                .hasMessageContaining("os/architecture");
        assertThatThrownBy(() -> ImageBuilder.forPlatform("linux//v8")).isInstanceOf(BerthException.class);
        assertThatThrownBy(() -> ImageBuilder.forPlatform("linux/amd64").env("=x"))
                .isInstanceOf(BerthException.class).hasMessageContaining("NAME=value");
    }
}
