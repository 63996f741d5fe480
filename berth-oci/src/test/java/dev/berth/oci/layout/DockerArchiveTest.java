package dev.berth.oci.layout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.spec.Json;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.layer.LayerDigests;
import dev.berth.oci.spec.Compression;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DockerArchiveTest {
    @TempDir
    Path tmp;

    private final byte[] base = TarFixtures.tar(Map.of("bin/sh", "#!shell", "etc/passwd", "root:x:0:0"));
    private final byte[] app = TarFixtures.tar(Map.of("app/run", "echo hi"));
    private final Digest baseId = Digest.sha256(base);
    private final Digest appId = Digest.sha256(app);

    /** Two images sharing their base layer; the app layer is stored gzip-compressed, as a registry pull leaves it. */
    private List<DockerArchive.Image> twoImages(LocalContentStore store) {
        byte[] appGz = TarFixtures.gzip(app);
        store.put(base);
        store.put(appGz);
        byte[] baseConfig = TarFixtures.config(List.of(baseId), "sh");
        byte[] appConfig = TarFixtures.config(List.of(baseId, appId), "/app/run");
        store.put(baseConfig);
        store.put(appConfig);
        DockerArchive.Layer baseLayer = DockerArchive.Layer.uncompressed(baseId, base.length);
        DockerArchive.Layer appLayer = new DockerArchive.Layer(
                new LayerDigests(Digest.sha256(appGz), appGz.length, appId, app.length), Compression.GZIP);
        return List.of(
                new DockerArchive.Image(Digest.sha256(baseConfig), baseConfig.length, List.of(baseLayer),
                        List.of("busybox:latest", "busybox:1.36")),
                new DockerArchive.Image(Digest.sha256(appConfig), appConfig.length, List.of(baseLayer, appLayer),
                        List.of("registry.example:5000/team/app:v1")));
    }

    @ParameterizedTest
    @EnumSource(DockerArchive.Format.class)
    void write_thenRead_keepsConfigDigestsDiffIdsAndTags(DockerArchive.Format format) {
        LocalContentStore source = LocalContentStore.open(tmp.resolve("source"));
        List<DockerArchive.Image> images = twoImages(source);
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        DockerArchive.write(tar, images, source, format);

        LocalContentStore target = LocalContentStore.open(tmp.resolve("target"));
        List<DockerArchive.Image> read = DockerArchive.read(new ByteArrayInputStream(tar.toByteArray()), target);

        assertThat(read).extracting(DockerArchive.Image::config)
                .containsExactlyInAnyOrderElementsOf(images.stream().map(DockerArchive.Image::config).toList());
        DockerArchive.Image appImage = read.stream().filter(i -> i.layers().size() == 2).findFirst().orElseThrow();
        assertThat(appImage.repoTags()).containsExactly("registry.example:5000/team/app:v1");
        // docker save writes layers uncompressed: each blob is its diff.
        assertThat(appImage.layers()).extracting(l -> l.digests().diffId()).containsExactly(baseId, appId);
        assertThat(appImage.layers()).extracting(l -> l.digests().digest()).containsExactly(baseId, appId);
        assertThat(appImage.layers()).extracting(DockerArchive.Layer::compression)
                .containsOnly(Compression.NONE);
        assertThat(target.contains(appId)).isTrue();
        assertThat(target.contains(appImage.config())).isTrue();
    }

    @ParameterizedTest
    @EnumSource(DockerArchive.Format.class)
    void write_isReproducible(DockerArchive.Format format) {
        LocalContentStore source = LocalContentStore.open(tmp.resolve("source"));
        List<DockerArchive.Image> images = twoImages(source);
        ByteArrayOutputStream first = new ByteArrayOutputStream();
        ByteArrayOutputStream second = new ByteArrayOutputStream();
        DockerArchive.write(first, images, source, format);
        DockerArchive.write(second, images, source, format);
        assertThat(first.toByteArray()).isEqualTo(second.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(DockerArchive.Format.class)
    void write_isLoadedBySkopeoAsDockerArchive(DockerArchive.Format format) throws Exception {
        LocalContentStore source = LocalContentStore.open(tmp.resolve("source"));
        List<DockerArchive.Image> images = twoImages(source);
        Path archive = tmp.resolve("archive.tar");
        try (var out = Files.newOutputStream(archive)) {
            DockerArchive.write(out, images, source, format);
        }
        Path layout = tmp.resolve("layout");
        RealTar.run(tmp, "skopeo", "copy", "--quiet", "docker-archive:" + archive + ":registry.example:5000/team/app:v1",
                "oci:" + layout + ":app");

        String index = Files.readString(layout.resolve("index.json"));
        String manifestDigest = index.replaceAll("(?s).*\"digest\":\"sha256:([0-9a-f]{64})\".*", "$1");
        var manifest = Json.MAPPER.readTree(layout.resolve("blobs/sha256/" + manifestDigest).toFile());
        Digest config = Digest.parse(manifest.path("config").path("digest").asText());
        var diffIds = Json.MAPPER.readTree(Files.readAllBytes(
                layout.resolve("blobs/sha256/" + config.encoded()))).path("rootfs").path("diff_ids");
        assertThat(diffIds.toString()).isEqualTo("[\"" + baseId + "\",\"" + appId + "\"]");
    }

    @Test
    void write_legacy_hasDockerEntriesAndLinksRepeatedLayers() throws Exception {
        LocalContentStore source = LocalContentStore.open(tmp.resolve("source"));
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        DockerArchive.write(tar, twoImages(source), source, DockerArchive.Format.LEGACY);
        Map<String, String> entries = RealTar.list(tar.toByteArray(), tmp);

        assertThat(entries).containsKeys("manifest.json", "repositories");
        assertThat(entries.keySet()).filteredOn(n -> n.endsWith("/layer.tar")).hasSize(3);
        assertThat(entries.values()).filteredOn(v -> v.startsWith("-> ../")).hasSize(1);
        assertThat(entries.keySet()).filteredOn(n -> n.endsWith("/VERSION")).hasSize(3);
        String repositories = Files.readString(RealTar.extract(tar.toByteArray(), tmp).resolve("repositories"));
        assertThat(repositories).contains("\"busybox\":{\"latest\":\"").contains("\"registry.example:5000/team/app\"");
    }

    @Test
    void read_docker2010Archive_followsLayerSymlinks() {
        // As docker 20.10 writes it: <config>.json, <v1 id>/{VERSION,json,layer.tar}, the second image's first
        // layer a symlink to the first image's copy, manifest.json and repositories last.
        byte[] c1 = TarFixtures.config(List.of(baseId), "sh");
        byte[] c2 = TarFixtures.config(List.of(baseId, appId), "/app/run");
        String id1 = "a".repeat(64);
        String id2 = "b".repeat(64);
        String id3 = "c".repeat(64);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(Digest.sha256(c1).encoded() + ".json", c1);
        entries.put(Digest.sha256(c2).encoded() + ".json", c2);
        entries.put(id1 + "/VERSION", "1.0".getBytes(UTF_8));
        entries.put(id1 + "/json", ("{\"id\":\"" + id1 + "\"}").getBytes(UTF_8));
        entries.put(id1 + "/layer.tar", base);
        entries.put(id3 + "/layer.tar", app);
        entries.put("manifest.json", ("[{\"Config\":\"" + Digest.sha256(c1).encoded() + ".json\","
                + "\"RepoTags\":[\"busybox:latest\"],\"Layers\":[\"" + id1 + "/layer.tar\"]},"
                + "{\"Config\":\"" + Digest.sha256(c2).encoded() + ".json\",\"RepoTags\":null,"
                + "\"Layers\":[\"" + id2 + "/layer.tar\",\"" + id3 + "/layer.tar\"]}]\n").getBytes(UTF_8));
        entries.put("repositories", ("{\"busybox\":{\"latest\":\"" + id1 + "\"}}\n").getBytes(UTF_8));
        byte[] tar = RealTar.withSymlink(TarFixtures.tarOfBytes(entries), id2 + "/layer.tar", "../" + id1 + "/layer.tar");

        List<DockerArchive.Image> images =
                DockerArchive.read(new ByteArrayInputStream(tar), LocalContentStore.open(tmp.resolve("store")));

        assertThat(images).hasSize(2);
        assertThat(images.get(0).repoTags()).containsExactly("busybox:latest");
        assertThat(images.get(1).repoTags()).isEmpty();
        assertThat(images.get(1).layers()).extracting(l -> l.digests().diffId()).containsExactly(baseId, appId);
    }

    @Test
    void read_docker25Archive_withCompressedLayerBlob() {
        // docker 25+ with the containerd image store keeps layers compressed under blobs/.
        byte[] appGz = TarFixtures.gzip(app);
        byte[] config = TarFixtures.config(List.of(baseId, appId), "/app/run");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("blobs/sha256/" + baseId.encoded(), base);
        entries.put("blobs/sha256/" + Digest.sha256(appGz).encoded(), appGz);
        entries.put("blobs/sha256/" + Digest.sha256(config).encoded(), config);
        entries.put("index.json", "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(UTF_8));
        entries.put("manifest.json", ("[{\"Config\":\"blobs/sha256/" + Digest.sha256(config).encoded()
                + "\",\"RepoTags\":[\"app:v1\"],\"Layers\":[\"blobs/sha256/" + baseId.encoded()
                + "\",\"blobs/sha256/" + Digest.sha256(appGz).encoded() + "\"]}]").getBytes(UTF_8));
        entries.put("oci-layout", "{\"imageLayoutVersion\": \"1.0.0\"}".getBytes(UTF_8));

        List<DockerArchive.Image> images = DockerArchive.read(
                new ByteArrayInputStream(TarFixtures.tarOfBytes(entries)), LocalContentStore.open(tmp.resolve("s")));

        DockerArchive.Layer layer = images.getFirst().layers().get(1);
        assertThat(layer.compression()).isEqualTo(Compression.GZIP);
        assertThat(layer.digests()).isEqualTo(
                new LayerDigests(Digest.sha256(appGz), appGz.length, appId, app.length));
    }

    @Test
    void read_refusesLayerThatIsNotItsDiffId() {
        byte[] config = TarFixtures.config(List.of(appId), "sh");
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("c.json", config);
        entries.put("l/layer.tar", base);
        entries.put("manifest.json", "[{\"Config\":\"c.json\",\"Layers\":[\"l/layer.tar\"]}]".getBytes(UTF_8));

        assertThatThrownBy(() -> DockerArchive.read(new ByteArrayInputStream(TarFixtures.tarOfBytes(entries)),
                        LocalContentStore.open(tmp.resolve("s"))))
                .isInstanceOf(BerthException.class)
                .hasMessageContaining("l/layer.tar").hasMessageContaining(appId.toString())
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.DATA_CORRUPTED);
    }

    @Test
    void read_refusesSymlinkOutOfTheArchive() {
        byte[] tar = RealTar.withSymlink(TarFixtures.tarOfBytes(Map.of()), "x/layer.tar", "../../etc/passwd");
        assertThatThrownBy(() -> DockerArchive.read(new ByteArrayInputStream(tar),
                        LocalContentStore.open(tmp.resolve("s"))))
                .isInstanceOf(BerthException.class).hasMessageContaining("escapes the archive");
    }

    @Test
    void read_refusesArchiveWithoutManifestJson() {
        byte[] tar = TarFixtures.tar(Map.of("repositories", "{}"));
        assertThatThrownBy(() -> DockerArchive.read(new ByteArrayInputStream(tar),
                        LocalContentStore.open(tmp.resolve("s"))))
                .isInstanceOf(BerthException.class).hasMessageContaining("no manifest.json");
    }

    @Test
    void read_refusesManifestNamingMissingFile() {
        byte[] tar = TarFixtures.tar(Map.of("manifest.json", "[{\"Config\":\"nope.json\",\"Layers\":[]}]"));
        assertThatThrownBy(() -> DockerArchive.read(new ByteArrayInputStream(tar),
                        LocalContentStore.open(tmp.resolve("s"))))
                .isInstanceOf(BerthException.class).hasMessageContaining("nope.json");
    }

    @Test
    void write_oci_namesIndexEntriesLikeDocker25() throws Exception {
        LocalContentStore source = LocalContentStore.open(tmp.resolve("source"));
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        DockerArchive.write(tar, twoImages(source), source, DockerArchive.Format.OCI);
        Path dir = RealTar.extract(tar.toByteArray(), tmp);

        var index = Json.MAPPER.readTree(dir.resolve("index.json").toFile()).path("manifests");
        assertThat(index).hasSize(3);
        assertThat(index.get(0).path("annotations").path("io.containerd.image.name").asText())
                .isEqualTo("docker.io/library/busybox:latest");
        assertThat(index.get(0).path("annotations").path(OciLayout.REF_NAME).asText()).isEqualTo("latest");
        assertThat(index.get(2).path("annotations").path("io.containerd.image.name").asText())
                .isEqualTo("registry.example:5000/team/app:v1");
        assertThat(OciLayout.open(dir).resolve("v1")).isPresent();
        String repositories = Files.readString(dir.resolve("repositories"));
        assertThat(repositories).contains("\"busybox\":{\"latest\":\"" + baseId.encoded() + "\",\"1.36\"");
    }

    @Test
    void write_refusesDigestNames() {
        LocalContentStore source = LocalContentStore.open(tmp.resolve("source"));
        DockerArchive.Image image = twoImages(source).getFirst();
        DockerArchive.Image byDigest = new DockerArchive.Image(image.config(), image.configSize(), image.layers(),
                List.of("busybox@" + baseId));
        assertThatThrownBy(() -> DockerArchive.write(new ByteArrayOutputStream(), List.of(byDigest), source,
                        DockerArchive.Format.LEGACY))
                .isInstanceOf(BerthException.class).hasMessageContaining("not digest");
    }
}
