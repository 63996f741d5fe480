package dev.berth.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.berth.oci.layout.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** skopeo (a real OCI client) copies images into the registry and back byte for byte, inspects, lists and deletes. */
class SkopeoTest {
    @TempDir
    Path root;
    @TempDir
    Path out;
    TestRegistry reg;

    @BeforeEach
    void start() {
        assumeTrue(ExternalCommand.available("skopeo"), "skopeo is not installed");
        reg = new TestRegistry(root, true);
    }

    @AfterEach
    void stop() {
        if (reg != null) {
            reg.close();
        }
    }

    private String ref(String repo) {
        return "docker://" + reg.host() + "/" + repo;
    }

    @Test
    void copy_singleArch_intoRegistryAndBack_byteIdentical() throws IOException {
        for (String image : new String[] {"hello-world", "busybox"}) {
            Path layout = TestImages.layout(image);
            ExternalCommand.run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":latest",
                    ref("test/" + image + ":latest"));
            Path back = out.resolve(image);
            ExternalCommand.run("skopeo", "copy", "--src-tls-verify=false", ref("test/" + image + ":latest"),
                    "oci:" + back + ":latest");
            assertThat(blobs(back)).isEqualTo(blobs(layout));
        }
    }

    @Test
    void copy_multiArchAll_intoRegistryAndBack_byteIdentical() throws IOException {
        Path layout = TestImages.layout("busybox-multiarch");
        ExternalCommand.run("skopeo", "copy", "--all", "--dest-tls-verify=false", "oci:" + layout + ":latest",
                ref("multi/busybox:latest"));
        Path back = out.resolve("multi");
        ExternalCommand.run("skopeo", "copy", "--all", "--src-tls-verify=false", ref("multi/busybox:latest"),
                "oci:" + back + ":latest");
        assertThat(blobs(back)).isEqualTo(blobs(layout));
        String raw = ExternalCommand.run("skopeo", "inspect", "--raw", "--tls-verify=false",
                ref("multi/busybox:latest"));
        assertThat(raw).contains("arm64", "amd64");
    }

    @Test
    void copy_largeMultiLayerImage() throws IOException {
        Path layout = TestImages.layout("multi-layer");
        ExternalCommand.run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":latest",
                ref("big/multi-layer:latest"));
        Path back = out.resolve("big");
        ExternalCommand.run("skopeo", "copy", "--src-tls-verify=false", ref("big/multi-layer:latest"),
                "oci:" + back + ":latest");
        assertThat(blobs(back)).isEqualTo(blobs(layout));
    }

    @Test
    void inspect_listTags_delete() {
        Path layout = TestImages.layout("busybox");
        ExternalCommand.run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":latest",
                ref("lib/busybox:1.0"));
        ExternalCommand.run("skopeo", "copy", "--dest-tls-verify=false", "oci:" + layout + ":latest",
                ref("lib/busybox:latest"));
        String inspect = ExternalCommand.run("skopeo", "inspect", "--tls-verify=false", ref("lib/busybox:latest"));
        assertThat(inspect).contains("\"Architecture\": \"amd64\"", "\"Os\": \"linux\"");
        String tags = ExternalCommand.run("skopeo", "list-tags", "--tls-verify=false", ref("lib/busybox"));
        assertThat(tags).contains("\"1.0\"", "\"latest\"");
        ExternalCommand.run("skopeo", "delete", "--tls-verify=false", ref("lib/busybox:latest"));
        ExternalCommand.Result gone = ExternalCommand.exec(Map.of(), "skopeo", "inspect", "--tls-verify=false",
                ref("lib/busybox:1.0"));
        assertThat(gone.exit()).as("deleting by digest removes every tag of it").isNotZero();
        assertThat(ExternalCommand.run("skopeo", "list-tags", "--tls-verify=false", ref("lib/busybox")))
                .doesNotContain("latest");
    }

    /** Every blob of a layout with its bytes' size, keyed by name: equal maps mean byte-identical content. */
    static Map<String, Long> blobs(Path layout) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(layout.resolve("blobs"))) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String name = layout.relativize(f).toString();
                String actual = "sha256:" + dev.berth.oci.digest.Digest.sha256(Files.readAllBytes(f)).encoded();
                assertThat(name.replace("blobs/sha256/", "sha256:")).isEqualTo(actual);
                out.put(name, Files.size(f));
            }
        }
        return out;
    }
}
