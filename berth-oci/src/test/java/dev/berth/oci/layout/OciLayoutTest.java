package dev.berth.oci.layout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.spec.Json;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import dev.berth.oci.spec.Index;
import dev.berth.oci.spec.Manifest;
import dev.berth.oci.spec.MediaTypes;
import dev.berth.oci.spec.Platform;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTest {
    @TempDir
    Path tmp;

    private static final String MANIFEST = "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
            + "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
            + "44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a\",\"size\":2},\"layers\":[]}";

    @Test
    void create_writesVersionFileAndEmptyIndex() throws Exception {
        OciLayout layout = OciLayout.create(tmp.resolve("l"));
        assertThat(Files.readString(tmp.resolve("l/oci-layout"))).isEqualTo("{\"imageLayoutVersion\":\"1.0.0\"}");
        assertThat(Json.MAPPER.readTree(layout.indexBytes()).path("manifests").size()).isZero();
        assertThat(layout.tags()).isEmpty();
    }

    @Test
    void create_keepsAnExistingIndex() {
        OciLayout layout = OciLayout.create(tmp);
        Digest m = layout.blobs().put(MANIFEST.getBytes(UTF_8));
        layout.tag("v1", m);
        assertThat(OciLayout.create(tmp).resolve("v1").map(Descriptor::digest)).contains(m);
    }

    @Test
    void tag_thenResolve_andEntryDescribesTheStoredBlob() throws Exception {
        OciLayout layout = OciLayout.create(tmp);
        Digest m = layout.blobs().put(MANIFEST.getBytes(UTF_8));
        layout.tag("latest", m);

        assertThat(layout.resolve("latest").map(Descriptor::digest)).contains(m);
        assertThat(layout.resolve("other")).isEmpty();
        var entry = Json.MAPPER.readTree(layout.indexBytes()).path("manifests").get(0);
        assertThat(entry.path("mediaType").asText()).isEqualTo("application/vnd.oci.image.manifest.v1+json");
        assertThat(entry.path("size").asLong()).isEqualTo(MANIFEST.length());
        assertThat(entry.path("annotations").path(OciLayout.REF_NAME).asText()).isEqualTo("latest");
    }

    @Test
    void tag_replacesTheEntryOfTheSameTag() {
        OciLayout layout = OciLayout.create(tmp);
        Digest first = layout.blobs().put(MANIFEST.getBytes(UTF_8));
        Digest second = layout.blobs().put(MANIFEST.replace("[]", "[ ]").getBytes(UTF_8));
        layout.tag("latest", first);
        layout.tag("v2", first);
        layout.tag("latest", second);

        assertThat(layout.tags()).containsExactly("v2", "latest");
        assertThat(layout.resolve("latest").map(Descriptor::digest)).contains(second);
    }

    @Test
    void untag_removesTheEntryButNotTheBlob() {
        OciLayout layout = OciLayout.create(tmp);
        Digest m = layout.blobs().put(MANIFEST.getBytes(UTF_8));
        layout.tag("latest", m);
        layout.untag("latest");
        assertThat(layout.tags()).isEmpty();
        assertThat(layout.blobs().contains(m)).isTrue();
        assertThatThrownBy(() -> layout.untag("latest")).isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void tag_refusesMissingBlobAndNonManifest() {
        OciLayout layout = OciLayout.create(tmp);
        Digest layer = layout.blobs().put("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\"}".getBytes(UTF_8));
        assertThatThrownBy(() -> layout.tag("x", Digest.sha256("absent"))).isInstanceOf(BerthException.class)
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> layout.tag("x", layer)).isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT);
        assertThatThrownBy(() -> layout.tag("x", Descriptor.of(MediaTypes.OCI_LAYER_TAR, layer, 10)))
                .isInstanceOf(BerthException.class).hasMessageContaining("not a manifest or an index");
        assertThatThrownBy(() -> layout.tag("x", Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256("x"), 1)))
                .isInstanceOf(BerthException.class).hasMessageContaining("not found");
    }

    @Test
    void put_storesTheDocumentAndTagKeepsItsDescriptor() {
        OciLayout layout = OciLayout.create(tmp);
        Digest config = layout.blobs().put("{}".getBytes(UTF_8));
        Descriptor manifest = layout.put(Manifest.of(Descriptor.of(MediaTypes.OCI_CONFIG, config, 2), List.of()))
                .withPlatform(Platform.parse("linux/arm64"));
        layout.tag("arm", manifest);

        Descriptor entry = layout.resolve("arm").orElseThrow();
        assertThat(entry.digest()).isEqualTo(manifest.digest());
        assertThat(entry.platform()).contains(Platform.parse("linux/arm64"));
        assertThat(entry.annotations()).containsEntry(OciLayout.REF_NAME, "arm");
        assertThat(layout.blobs().contains(manifest.digest())).isTrue();
    }

    @Test
    void writeIndex_refusesEntriesWhoseBlobsAreMissing() {
        OciLayout layout = OciLayout.create(tmp);
        Index index = Index.of(List.of(Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256("gone"), 4)));
        assertThatThrownBy(() -> layout.writeIndex(index)).isInstanceOf(BerthException.class)
                .hasMessageContaining("not found");
        assertThat(layout.index().manifests()).isEmpty();
    }

    @Test
    void tag_refusesNamesOutsideTheRefGrammar() {
        OciLayout layout = OciLayout.create(tmp);
        Digest m = layout.blobs().put(MANIFEST.getBytes(UTF_8));
        for (String bad : List.of("", "-lead", "a b", "a//b", "trail.", "ü")) {
            assertThatThrownBy(() -> layout.tag(bad, m)).as(bad).isInstanceOf(BerthException.class)
                    .hasMessageContaining("ref name");
        }
        for (String good : List.of("latest", "v1.0.2", "example.com/app:v1", "a--b", "a_b+c@d")) {
            layout.tag(good, m);
        }
        assertThat(layout.tags()).hasSize(5);
    }

    @Test
    void add_recordsAnUntaggedEntryOnce() {
        OciLayout layout = OciLayout.create(tmp);
        Descriptor m = layout.put(Manifest.parse(MANIFEST.getBytes(UTF_8), java.util.Optional.empty()));
        layout.add(m);
        layout.add(m);
        assertThat(layout.tags()).isEmpty();
        assertThat(layout.index().manifests()).containsExactly(m);
    }

    @Test
    void open_refusesDirectoryWithoutLayoutFile() {
        assertThatThrownBy(() -> OciLayout.open(tmp)).isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.NOT_FOUND);
    }

    @Test
    void open_refusesAnotherMajorLayoutVersion() throws Exception {
        Files.writeString(tmp.resolve("oci-layout"), "{\"imageLayoutVersion\":\"2.0.0\"}");
        Files.writeString(tmp.resolve("index.json"), "{\"schemaVersion\":2,\"manifests\":[]}");
        assertThatThrownBy(() -> OciLayout.open(tmp)).isInstanceOf(BerthException.class)
                .hasMessageContaining("unsupported imageLayoutVersion \"2.0.0\"");
    }

    @Test
    void tidy_removesTheEmptyIngestDirectory() {
        OciLayout layout = OciLayout.create(tmp);
        layout.blobs().put(MANIFEST.getBytes(UTF_8));
        layout.tidy();
        assertThat(tmp.resolve("ingest")).doesNotExist();
        assertThat(tmp.resolve("blobs")).isDirectory();
    }

    @Test
    void copyBlobsFrom_copiesWhatIsMissing() {
        OciLayout a = OciLayout.create(tmp.resolve("a"));
        OciLayout b = OciLayout.create(tmp.resolve("b"));
        Digest m = a.blobs().put(MANIFEST.getBytes(UTF_8));
        b.copyBlobsFrom(a);
        b.copyBlobsFrom(a);
        assertThat(b.blobs().list()).singleElement().satisfies(i -> assertThat(i.digest()).isEqualTo(m));
    }
}
