package dev.berth.oci.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ManifestTest {
    @Test
    void dockerSchema2_parsesConfigAndLayers() {
        Manifest m = Manifest.parse(SpecFixtures.read("hello-world-manifest.json"), Optional.empty());
        assertThat(m.mediaType()).isEqualTo(MediaTypes.DOCKER_MANIFEST);
        assertThat(m.config().mediaType()).isEqualTo(MediaTypes.DOCKER_CONFIG);
        assertThat(m.config().size()).isEqualTo(1470);
        assertThat(m.layers()).singleElement().satisfies(l -> {
            assertThat(l.digest().shortId()).isEqualTo("719385e32844");
            assertThat(MediaTypes.compressionOf(l.mediaType())).contains(Compression.GZIP);
        });
    }

    @Test
    void raw_keepsReceivedBytesAndTheirDigest_neverReserialises() {
        byte[] pretty = SpecFixtures.read("hello-world-manifest.json");
        Raw<ManifestDocument> raw = Raw.manifest(pretty, Optional.of(MediaTypes.DOCKER_MANIFEST));
        assertThat(raw.bytes()).isEqualTo(pretty);
        assertThat(raw.digest()).isEqualTo(Digest.sha256(pretty));
        assertThat(raw.value().toJson()).isNotEqualTo(pretty);
        assertThat(raw.descriptor().size()).isEqualTo(pretty.length);
    }

    @Test
    void artifact_keepsSubjectArtifactTypeDataAndUnknownFields() {
        Manifest m = Manifest.parse(SpecFixtures.read("artifact-manifest.json"), Optional.empty());
        assertThat(m.artifactType()).contains("application/vnd.example.sbom.v1");
        assertThat(m.effectiveArtifactType()).isEqualTo("application/vnd.example.sbom.v1");
        assertThat(m.subject()).hasValueSatisfying(s -> assertThat(s.size()).isEqualTo(1035));
        assertThat(m.config().data()).contains("e30=");
        assertThat(m.extra().get("x-future-field").get("kept")).hasSize(3);

        Manifest again = Manifest.parse(m.toJson(), Optional.empty());
        assertThat(again).isEqualTo(m);
        assertThat(new String(again.toJson(), StandardCharsets.UTF_8)).contains("\"x-future-field\":{\"kept\":[1,2,3]}");
    }

    @Test
    void newManifest_serialisesDeterministically_inSpecOrder() {
        Descriptor config = Descriptor.of(MediaTypes.OCI_CONFIG, Digest.sha256("c"), 1);
        Descriptor layer = Descriptor.of(MediaTypes.OCI_LAYER_GZIP, Digest.sha256("l"), 2);
        Manifest m = Manifest.of(config, List.of(layer));
        String json = new String(m.toJson(), StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
                + "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + Digest.sha256("c")
                + "\",\"size\":1},\"layers\":[");
        assertThat(Raw.of(m).digest()).isEqualTo(Raw.of(Manifest.of(config, List.of(layer))).digest());
    }

    @Test
    void contentTypeMismatch_isRefused() {
        byte[] body = SpecFixtures.read("hello-world-manifest.json");
        assertThatThrownBy(() -> Manifest.parse(body, Optional.of(MediaTypes.OCI_MANIFEST)))
                .isInstanceOf(BerthException.class).hasMessageContaining("does not match Content-Type");
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "not json",
        "[]",
        "{\"schemaVersion\":1,\"config\":{}}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"layers\":[]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:xyz\",\"size\":1},\"layers\":[]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"size\":-1},\"layers\":[]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"size\":\"1\"},\"layers\":[]}",
        "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"config\":{\"mediaType\":\"a/b\",\"digest\":\"sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\",\"size\":1},\"layers\":{}}",
        "{\"schemaVersion\":2,\"mediaType\":\"text/plain\",\"config\":{}}",
        "{\"schemaVersion\":2}",
        "{\"schemaVersion\":2,\"config\":{}} trailing"
    })
    void malformed_isInvalidArgument(String json) {
        assertThatThrownBy(() -> ManifestDocument.parse(json.getBytes(StandardCharsets.UTF_8), Optional.empty()))
                .isInstanceOfSatisfying(BerthException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.INVALID_ARGUMENT));
    }

    @Test
    void detect_byShapeWhenNoMediaType() {
        assertThat(MediaTypes.detect("{\"schemaVersion\":2,\"manifests\":[]}".getBytes())).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(MediaTypes.detect("{\"schemaVersion\":2,\"config\":{}}".getBytes())).isEqualTo(MediaTypes.OCI_MANIFEST);
        assertThat(MediaTypes.stripParameters("application/json; charset=utf-8")).isEqualTo("application/json");
    }
}
