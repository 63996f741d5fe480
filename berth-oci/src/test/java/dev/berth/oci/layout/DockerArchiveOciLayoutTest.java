package dev.berth.oci.layout;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.content.LocalContentStore;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.Descriptor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code docker load} of a plain OCI layout tar, which has an {@code index.json} but no {@code manifest.json}. */
class DockerArchiveOciLayoutTest {
    @TempDir
    Path tmp;

    @Test
    void read_ociLayoutTar_ofAnIndex_takesTheHostPlatform_andNamesNothingForABareTag() {
        byte[] tar = tarOf(OciLayout.open(TestImages.layout("busybox-multiarch")));
        List<DockerArchive.Image> images = DockerArchive.read(new ByteArrayInputStream(tar),
                LocalContentStore.open(tmp.resolve("store")));
        assertThat(images).hasSize(1);
        assertThat(images.getFirst().repoTags()).isEmpty();
        assertThat(images.getFirst().layers()).hasSize(1);
    }

    @Test
    void read_ociLayoutTar_namedByAWholeReference_keepsTheName() {
        OciLayout source = OciLayout.open(TestImages.layout("hello-world"));
        OciLayout named = OciLayout.create(tmp.resolve("named"));
        named.copyBlobsFrom(source);
        Descriptor manifest = source.resolve("latest").orElseThrow();
        named.tag("hello-oci:v2", manifest.digest());
        LocalContentStore store = LocalContentStore.open(tmp.resolve("store"));
        List<DockerArchive.Image> images = DockerArchive.read(new ByteArrayInputStream(tarOf(named)), store);
        assertThat(images).singleElement().satisfies(i -> {
            assertThat(i.repoTags()).containsExactly("hello-oci:v2");
            assertThat(store.contains(i.config())).isTrue();
            Digest layer = i.layers().getFirst().digests().digest();
            assertThat(store.contains(layer)).isTrue();
        });
    }

    private static byte[] tarOf(OciLayout layout) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        OciLayoutTar.write(layout, out);
        return out.toByteArray();
    }
}
