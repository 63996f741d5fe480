package dev.berth.oci.spec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IndexTest {
    private final Index hello = Index.parse(SpecFixtures.read("hello-world-index.json"), Optional.empty());

    @Test
    void parse_readsPlatformsAndAnnotations() {
        assertThat(hello.mediaType()).isEqualTo(MediaTypes.OCI_INDEX);
        assertThat(hello.manifests()).hasSize(5);
        assertThat(hello.manifests().get(0).annotation("org.opencontainers.image.base.name")).contains("scratch");
        assertThat(hello.manifests().get(4).platform()).map(Platform::toString).contains("linux/arm64/v8");
    }

    @Test
    void select_picksTheHostsManifest_andSkipsAttestations() {
        assertThat(hello.select(PlatformMatcher.only(Platform.parse("linux/amd64"))))
                .map(d -> d.digest().shortId()).contains("54e66cc1dd1f");
        assertThat(hello.select(PlatformMatcher.only(Platform.parse("linux/arm64"))))
                .map(d -> d.digest().shortId()).contains("7565f2c7034d");
        assertThat(hello.select(PlatformMatcher.only(Platform.parse("linux/s390x")))).isEmpty();
        assertThat(hello.select(PlatformMatcher.only(Platform.parse("unknown/unknown"))))
                .map(d -> d.digest().shortId()).contains("ea1f64a9a2e6");
    }

    @Test
    void select_armV7_prefersV7_thenFallsBackToV6_thenV5() {
        assertThat(hello.select(PlatformMatcher.only(Platform.parse("linux/arm/v7"))))
                .map(d -> d.digest().shortId()).contains("1d3a0a1b8ef3");
        Index withoutV7 = hello.withManifests(hello.manifests().stream()
                .filter(d -> !d.platform().map(Platform::toString).orElse("").equals("linux/arm/v7")).toList());
        assertThat(withoutV7.select(PlatformMatcher.only(Platform.parse("linux/arm/v7"))))
                .map(d -> d.platform().orElseThrow().toString()).contains("linux/arm/v5");
        assertThat(withoutV7.select(PlatformMatcher.only(Platform.parse("linux/arm/v5"))))
                .map(d -> d.digest().shortId()).contains("00abdbfd095c");
    }

    @Test
    void newIndex_roundTrips() {
        Descriptor amd = Descriptor.of(MediaTypes.OCI_MANIFEST, Digest.sha256("a"), 10)
                .withPlatform(Platform.parse("linux/amd64"))
                .withAnnotations(Map.of("org.opencontainers.image.ref.name", "latest"));
        Index index = Index.of(List.of(amd));
        assertThat(Index.parse(index.toJson(), Optional.of(MediaTypes.OCI_INDEX))).isEqualTo(index);
        assertThat(ManifestDocument.parse(index.toJson(), Optional.empty())).isInstanceOf(Index.class);
    }
}
