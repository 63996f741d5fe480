package dev.berth.oci.layout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.content.BlobInfo;
import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OciLayoutTarTest {
    @TempDir
    Path tmp;

    /** A layout with one tagged image, written by skopeo from a docker archive of ours. */
    private OciLayout skopeoLayout() throws Exception {
        LocalContentStore store = LocalContentStore.open(tmp.resolve("store"));
        byte[] layer = TarFixtures.tar(Map.of("hello", "hello from a layer"));
        byte[] config = TarFixtures.config(List.of(Digest.sha256(layer)), "/hello");
        store.put(layer);
        store.put(config);
        DockerArchive.Image image = new DockerArchive.Image(Digest.sha256(config), config.length,
                List.of(DockerArchive.Layer.uncompressed(Digest.sha256(layer), layer.length)), List.of("hello:latest"));
        Path archive = tmp.resolve("docker.tar");
        try (var out = Files.newOutputStream(archive)) {
            DockerArchive.write(out, List.of(image), store, DockerArchive.Format.LEGACY);
        }
        Path dir = tmp.resolve("skopeo-layout");
        RealTar.run(tmp, "skopeo", "copy", "--quiet", "docker-archive:" + archive, "oci:" + dir + ":latest");
        return OciLayout.open(dir);
    }

    @Test
    void write_isReadBySkopeoAsOciArchive() throws Exception {
        OciLayout layout = skopeoLayout();
        Path tar = tmp.resolve("layout.tar");
        try (var out = Files.newOutputStream(tar)) {
            OciLayoutTar.write(layout, out);
        }
        Path copy = tmp.resolve("copied");
        RealTar.run(tmp, "skopeo", "copy", "--quiet", "oci-archive:" + tar + ":latest", "oci:" + copy + ":latest");
        assertThat(OciLayout.open(copy).blobs().list()).extracting(BlobInfo::digest)
                .containsExactlyInAnyOrderElementsOf(layout.blobs().list().stream().map(BlobInfo::digest).toList());
    }

    @Test
    void write_thenExtract_givesSameIndexAndBlobs() throws Exception {
        OciLayout layout = skopeoLayout();
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        OciLayoutTar.write(layout, tar);

        OciLayout extracted = OciLayoutTar.extract(new ByteArrayInputStream(tar.toByteArray()), tmp.resolve("x"));

        assertThat(extracted.indexBytes()).isEqualTo(layout.indexBytes());
        assertThat(extracted.blobs().list()).extracting(BlobInfo::digest, BlobInfo::size)
                .containsExactlyElementsOf(layout.blobs().list().stream()
                        .map(b -> org.assertj.core.groups.Tuple.tuple(b.digest(), b.size())).toList());
    }

    @Test
    void write_streamsEntriesInLayoutOrder() throws Exception {
        OciLayout layout = skopeoLayout();
        ByteArrayOutputStream tar = new ByteArrayOutputStream();
        OciLayoutTar.write(layout, tar);
        List<String> names = List.copyOf(RealTar.list(tar.toByteArray(), tmp).keySet());
        assertThat(names.subList(0, 4)).containsExactly("oci-layout", "index.json", "blobs/", "blobs/sha256/");
        assertThat(names.subList(4, names.size())).isSorted().allMatch(n -> n.matches("blobs/sha256/[0-9a-f]{64}"));
    }

    @Test
    void read_refusesBlobWhoseContentDoesNotMatchItsName() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("oci-layout", OciLayout.LAYOUT_FILE_CONTENT.getBytes(UTF_8));
        entries.put("blobs/sha256/" + Digest.sha256("something else").encoded(), "tampered".getBytes(UTF_8));
        entries.put("index.json", "{\"schemaVersion\":2,\"manifests\":[]}".getBytes(UTF_8));
        LocalContentStore store = LocalContentStore.open(tmp.resolve("s"));

        assertThatThrownBy(() -> OciLayoutTar.read(new ByteArrayInputStream(TarFixtures.tarOfBytes(entries)), store))
                .isInstanceOf(BerthException.class)
                .extracting(e -> ((BerthException) e).kind()).isEqualTo(ErrorKind.DATA_CORRUPTED);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void read_refusesTarWithoutOciLayoutFile() {
        byte[] tar = TarFixtures.tar(Map.of("index.json", "{}"));
        assertThatThrownBy(() -> OciLayoutTar.read(new ByteArrayInputStream(tar),
                        LocalContentStore.open(tmp.resolve("s"))))
                .isInstanceOf(BerthException.class).hasMessageContaining("no oci-layout");
    }

    @Test
    void read_refusesBadBlobName() {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("oci-layout", OciLayout.LAYOUT_FILE_CONTENT.getBytes(UTF_8));
        entries.put("blobs/md5/abc", "x".getBytes(UTF_8));
        assertThatThrownBy(() -> OciLayoutTar.read(new ByteArrayInputStream(TarFixtures.tarOfBytes(entries)),
                        LocalContentStore.open(tmp.resolve("s"))))
                .isInstanceOf(BerthException.class).hasMessageContaining("blobs/md5/abc");
    }
}
