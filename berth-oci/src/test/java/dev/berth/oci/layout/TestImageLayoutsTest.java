package dev.berth.oci.layout;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.oci.spec.Json;
import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.FieldSource;

/** The layouts of scripts/make-test-images.sh, checked with the reference tools skopeo and umoci. */
class TestImageLayoutsTest {
    static final List<String> NAMES = TestImages.NAMES;

    @TempDir
    Path tmp;

    @ParameterizedTest
    @FieldSource("NAMES")
    void skopeoInspect_acceptsEveryTestImage(String name) throws Exception {
        String out = run("skopeo", "inspect", "oci:" + TestImages.layout(name) + ":latest");
        JsonNode inspect = Json.MAPPER.readTree(out);
        assertThat(inspect.path("Os").asText()).isEqualTo("linux");
        assertThat(inspect.path("Layers").size()).isPositive();
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void umociLs_listsTheLatestTag(String name) throws Exception {
        assertThat(run("umoci", "ls", "--layout", TestImages.layout(name).toString()).lines()).containsExactly("latest");
    }

    @ParameterizedTest
    @FieldSource("NAMES")
    void skopeoCopyAll_thereAndBack_isByteIdentical(String name) throws Exception {
        Path a = TestImages.layout(name);
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        run("skopeo", "copy", "--quiet", "--all", "oci:" + a + ":latest", "oci:" + b + ":latest");
        run("skopeo", "copy", "--quiet", "--all", "oci:" + b + ":latest", "oci:" + c + ":latest");

        assertThat(blobs(c)).isEqualTo(blobs(a));
        assertThat(OciLayout.open(c).resolve("latest").orElseThrow().digest())
                .isEqualTo(OciLayout.open(a).resolve("latest").orElseThrow().digest());
    }

    @ParameterizedTest
    @EnumSource(DockerArchive.Format.class)
    void dockerArchive_ofTestImages_roundTripsAndLoadsInSkopeo(DockerArchive.Format format) throws Exception {
        List<DockerArchive.Image> images = new ArrayList<>();
        for (String name : List.of("hello-world", "busybox")) {
            OciLayout layout = OciLayout.open(TestImages.layout(name));
            images.add(DockerArchive.imageOf(layout.blobs(), layout.resolve("latest").orElseThrow().digest(),
                    List.of(name + ":latest")));
        }
        OciLayout blobs = OciLayout.create(tmp.resolve("both"));
        blobs.copyBlobsFrom(OciLayout.open(TestImages.layout("hello-world")));
        blobs.copyBlobsFrom(OciLayout.open(TestImages.layout("busybox")));
        Path archive = tmp.resolve("save.tar");
        try (var out = Files.newOutputStream(archive)) {
            DockerArchive.write(out, images, blobs.blobs(), format);
        }

        List<DockerArchive.Image> read;
        try (InputStream in = Files.newInputStream(archive)) {
            read = DockerArchive.read(in, LocalContentStore.open(tmp.resolve("loaded")));
        }
        assertThat(read).extracting(DockerArchive.Image::config, DockerArchive.Image::repoTags)
                .containsExactlyElementsOf(images.stream()
                        .map(i -> org.assertj.core.groups.Tuple.tuple(i.config(), i.repoTags())).toList());
        assertThat(read.get(1).layers()).extracting(l -> l.digests().diffId())
                .containsExactlyElementsOf(images.get(1).layers().stream().map(l -> l.digests().diffId()).toList());

        run("skopeo", "copy", "--quiet", "docker-archive:" + archive + ":busybox:latest", "oci:" + tmp.resolve("s") + ":b");
        assertThat(run("umoci", "ls", "--layout", tmp.resolve("s").toString()).lines()).containsExactly("b");
    }

    @Test
    void busyboxMultiarch_indexesAmd64AndArm64() throws Exception {
        OciLayout layout = OciLayout.open(TestImages.layout("busybox-multiarch"));
        Digest index = layout.resolve("latest").orElseThrow().digest();
        JsonNode manifests = json(layout, index).path("manifests");
        List<String> platforms = new ArrayList<>();
        manifests.forEach(m -> platforms.add(m.path("platform").path("os").asText() + "/"
                + m.path("platform").path("architecture").asText()));
        assertThat(platforms).containsExactly("linux/amd64", "linux/arm64");
        assertThat(manifests.get(0).path("digest").asText())
                .isEqualTo(OciLayout.open(TestImages.layout("busybox")).resolve("latest").orElseThrow().digest().toString());
        String arm = run("skopeo", "inspect", "--override-arch", "arm64",
                "oci:" + TestImages.layout("busybox-multiarch") + ":latest");
        assertThat(Json.MAPPER.readTree(arm).path("Architecture").asText()).isEqualTo("arm64");
    }

    @Test
    void busybox_hasTheAppletsTestsUse() throws Exception {
        List<String> names = layerEntries(TestImages.layout("busybox"), 0);
        assertThat(names).contains("bin/busybox", "bin/sh", "bin/true", "bin/ls", "bin/cat", "bin/echo", "bin/sleep",
                "bin/httpd", "bin/wget", "bin/env", "bin/id", "bin/ps", "bin/top", "bin/mkdir", "bin/rm",
                "bin/hostname", "bin/nslookup", "etc/passwd");
    }

    @Test
    void helloWorld_printsBerthsGreeting() throws Exception {
        Path unpacked = tmp.resolve("hello");
        run("umoci", "raw", "unpack", "--rootless", "--image", TestImages.layout("hello-world") + ":latest",
                unpacked.toString());
        String out = run(unpacked.resolve("hello").toString());
        assertThat(out).startsWith("\nHello from Berth!").contains("berthd").contains("registry");
    }

    @Test
    void multiLayer_layersCarryWhiteoutsAndAnOpaqueDirectory() throws Exception {
        Path layout = TestImages.layout("multi-layer");
        assertThat(layerCount(layout)).isGreaterThanOrEqualTo(5);
        assertThat(layerEntries(layout, 2)).contains("etc/.wh.motd", "data/.wh.remove-me", "data/keep/.wh.b.txt");
        assertThat(layerEntries(layout, 3)).contains("data/old/.wh..wh..opq", "data/keep/.wh.c.txt", "data/old/z.txt");
    }

    @Test
    void multiLayer_unpacksWithUmociToTheMergedTree_ofMoreThan150MB() throws Exception {
        Path bundle = tmp.resolve("bundle");
        run("umoci", "raw", "unpack", "--image", TestImages.layout("multi-layer") + ":latest", bundle.toString());
        assertThat(bundle.resolve("etc/motd")).doesNotExist();
        assertThat(bundle.resolve("data/remove-me")).doesNotExist();
        try (var keep = Files.list(bundle.resolve("data/keep"));
                var old = Files.list(bundle.resolve("data/old"))) {
            assertThat(keep.map(p -> p.getFileName().toString())).containsExactly("a.txt");
            assertThat(old.map(p -> p.getFileName().toString())).containsExactly("z.txt");
        }
        assertThat(Files.readString(bundle.resolve("data/keep/a.txt"))).contains("replaced in layer 3");
        assertThat(bundle.resolve("bin/busybox")).isExecutable();
        assertThat(bundle.resolve("app/run.sh")).isExecutable();
        long bytes;
        try (var files = Files.walk(bundle)) {
            bytes = files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertThat(bytes).isGreaterThan(150L * 1024 * 1024);
    }

    private static List<String> blobs(Path layout) throws IOException {
        return OciLayout.open(layout).blobs().list().stream().map(BlobInfo::digest).map(Digest::toString).toList();
    }

    private static JsonNode json(OciLayout layout, Digest digest) throws IOException {
        try (InputStream in = layout.blobs().newInputStream(digest)) {
            return Json.MAPPER.readTree(in);
        }
    }

    private static JsonNode manifest(Path dir) throws IOException {
        OciLayout layout = OciLayout.open(dir);
        return json(layout, layout.resolve("latest").orElseThrow().digest());
    }

    private static int layerCount(Path dir) throws IOException {
        return manifest(dir).path("layers").size();
    }

    /** The entry names of layer {@code i} of the image tagged latest. */
    private static List<String> layerEntries(Path dir, int i) throws IOException {
        Digest layer = Digest.parse(manifest(dir).path("layers").get(i).path("digest").asText());
        List<String> names = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(
                new GZIPInputStream(OciLayout.open(dir).blobs().newInputStream(layer)))) {
            for (TarArchiveEntry e = tar.getNextEntry(); e != null; e = tar.getNextEntry()) {
                names.add(e.getName().replaceAll("/$", ""));
            }
        }
        return names;
    }

    private String run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(tmp.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(p.exitValue()).as(String.join(" ", command) + ":\n" + out).isZero();
        return out;
    }
}
