package dev.berth.oci.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageConfigTest {
    @Test
    void dockerHubConfig_parsesExecutionConfigHistoryAndDiffIds() {
        ImageConfig c = ImageConfig.parse(SpecFixtures.read("hello-world-config.json"));
        assertThat(c.platform()).hasToString("linux/amd64");
        assertThat(c.configOrEmpty().cmd()).contains(List.of("/hello"));
        assertThat(c.configOrEmpty().entrypoint()).isEmpty();
        assertThat(c.configOrEmpty().env()).hasValueSatisfying(e -> assertThat(e).singleElement().asString().startsWith("PATH="));
        assertThat(c.diffIds()).containsExactly(
                Digest.parse("sha256:e07ee1baac5fae6a26f30cabfe54a36d3402f96afda318fe0a96cec4ca393359"));
        assertThat(c.history()).hasSize(2);
        assertThat(c.history().get(1).emptyLayer()).isTrue();
        assertThat(c.history().get(0).createdBy()).hasValueSatisfying(s -> assertThat(s).contains("COPY"));
        assertThat(c.extra().has("docker_version")).isTrue();
        assertThat(c.configOrEmpty().extra().has("AttachStdin")).isTrue();
    }

    @Test
    void roundTrip_keepsUnknownFields_andWireNames() {
        ImageConfig c = ImageConfig.parse(SpecFixtures.read("hello-world-config.json"));
        byte[] again = c.toJson();
        assertThat(ImageConfig.parse(again)).isEqualTo(c);
        String json = new String(again, StandardCharsets.UTF_8);
        assertThat(json).contains("\"diff_ids\":[", "\"created_by\":", "\"empty_layer\":true", "\"docker_version\":\"20.10.7\"",
                "\"container_config\":{", "\"Hostname\":\"\"");
    }

    @Test
    void allExecutionFields_roundTrip() {
        ContainerConfig cc = new ContainerConfig(Optional.of("1000:1000"), Optional.of(List.of("80/tcp", "53/udp")),
                Optional.of(List.of("A=1")), Optional.of(List.of("/bin/sh", "-c")), Optional.of(List.of()),
                Optional.of(List.of("/data")), Optional.of("/work"), Map.of("b", "2", "a", "1"),
                Optional.of("SIGQUIT"), Optional.of(true),
                Optional.of(new ContainerConfig.Healthcheck(List.of("CMD-SHELL", "true"), Optional.of(30_000_000_000L),
                        Optional.of(5_000_000_000L), Optional.empty(), Optional.empty(), Optional.of(3))),
                Optional.of(List.of("/bin/bash", "-c")), Optional.of(List.of("RUN echo hi")), Json.NODES.objectNode());
        ImageConfig c = ImageConfig.of(Platform.parse("linux/arm64"), cc, List.of(Digest.sha256("x")),
                List.of(ImageConfig.History.of("2026-11-28T00:00:00Z", "berth test", false)),
                Optional.of("2026-11-28T00:00:00Z"));
        ImageConfig back = ImageConfig.parse(c.toJson());
        assertThat(back).isEqualTo(c);
        assertThat(back.variant()).contains("v8");
        String json = new String(c.toJson(), StandardCharsets.UTF_8);
        assertThat(json).contains("\"ExposedPorts\":{\"80/tcp\":{},\"53/udp\":{}}", "\"Cmd\":[]",
                "\"Labels\":{\"a\":\"1\",\"b\":\"2\"}", "\"Retries\":3");
    }

    @Test
    void missingRootfs_isRefused() {
        assertThatThrownBy(() -> ImageConfig.parse("{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes()))
                .isInstanceOf(BerthException.class).hasMessageContaining("rootfs");
        assertThatThrownBy(() -> ImageConfig.parse(
                "{\"architecture\":\"amd64\",\"os\":\"linux\",\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:1\"]}}".getBytes()))
                .isInstanceOf(BerthException.class).hasMessageContaining("diff_ids");
    }
}
