package dev.berth.oci.layout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class ArchiveReaderTest {
    @Provide
    Arbitrary<String> names() {
        return Arbitraries.of("a", "b", "..", ".", "", "blobs", "x.json").list().ofMaxSize(6)
                .map(parts -> (parts.isEmpty() || Math.abs(parts.hashCode()) % 3 != 0 ? "" : "/")
                        + String.join("/", parts));
    }

    @Property
    void normalize_givesCleanRelativePathsOrRefuses(@ForAll("names") String name) {
        try {
            String clean = ArchiveReader.normalize("test", name);
            assertThat(clean).doesNotStartWith("/").doesNotEndWith("/").doesNotContain("//");
            assertThat(List.of(clean.split("/"))).doesNotContain("..", ".");
        } catch (BerthException e) {
            assertThat(e.getMessage()).contains("path escapes the archive");
            assertThat(name.startsWith("/") || List.of(name.split("/")).contains("..")).isTrue();
        }
    }

    @Test
    void normalize_stripsDotAndSlashes() {
        assertThat(ArchiveReader.normalize("t", "./blobs//sha256/")).isEqualTo("blobs/sha256");
        assertThat(ArchiveReader.normalize("t", "manifest.json")).isEqualTo("manifest.json");
    }

    @Test
    void resolveLink_staysInsideTheArchive() {
        ArchiveReader reader = new ArchiveReader(new ByteArrayInputStream(new byte[0]), "t");
        var link = new ArchiveReader.Entry("b/layer.tar", ArchiveReader.Kind.SYMLINK, 0, "../a/layer.tar");
        assertThat(reader.resolveLink(link)).isEqualTo("a/layer.tar");
        assertThatThrownBy(() -> reader.resolveLink(
                new ArchiveReader.Entry("b/layer.tar", ArchiveReader.Kind.SYMLINK, 0, "../../etc/passwd")))
                .isInstanceOf(BerthException.class).hasMessageContaining("escapes");
        assertThatThrownBy(() -> reader.resolveLink(
                new ArchiveReader.Entry("b/layer.tar", ArchiveReader.Kind.SYMLINK, 0, "/etc/passwd")))
                .isInstanceOf(BerthException.class).hasMessageContaining("escapes");
    }

    @Test
    void readSmall_refusesOversizedMetadata() {
        byte[] tar = TarFixtures.tarOfBytes(Map.of("manifest.json", new byte[ArchiveReader.MAX_METADATA + 1]));
        ArchiveReader reader = new ArchiveReader(new ByteArrayInputStream(tar), "t");
        ArchiveReader.Entry entry = reader.next().orElseThrow();
        assertThatThrownBy(() -> reader.readSmall(entry)).isInstanceOf(BerthException.class)
                .hasMessageContaining("manifest.json").hasMessageContaining("allowed for metadata");
    }

    @Test
    void garbageInput_isNotADockerArchive() {
        byte[] garbage = new byte[4096];
        new java.util.Random(7).nextBytes(garbage);
        assertThatThrownBy(() -> DockerArchive.read(new ByteArrayInputStream(garbage),
                        dev.berth.oci.content.LocalContentStore.open(java.nio.file.Files.createTempDirectory("g"))))
                .isInstanceOf(BerthException.class);
    }
}
