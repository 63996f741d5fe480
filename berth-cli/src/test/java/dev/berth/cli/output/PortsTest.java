package dev.berth.cli.output;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.spec.Json;
import org.junit.jupiter.api.Test;

class PortsTest {
    @Test
    void publishedAndExposed_asDockerShowsThem() throws Exception {
        String json = """
                [{"IP":"0.0.0.0","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},
                 {"IP":"::","PrivatePort":80,"PublicPort":8080,"Type":"tcp"},
                 {"PrivatePort":53,"Type":"udp"},
                 {"IP":"0.0.0.0","PrivatePort":81,"PublicPort":8081,"Type":"tcp"}]""";
        assertThat(Ports.display(Json.MAPPER.readTree(json)))
                .isEqualTo("0.0.0.0:8080-8081->80-81/tcp, 53/udp, [::]:8080->80/tcp");
    }

    @Test
    void none_isEmpty() throws Exception {
        assertThat(Ports.display(Json.MAPPER.readTree("[]"))).isEmpty();
    }

    @Test
    void ellipsis_cutsAtTwentyCharactersWithAnEllipsis() {
        assertThat(ContainerRows.ellipsis("sleep 600", 20)).isEqualTo("sleep 600");
        assertThat(ContainerRows.ellipsis("sh -c 'echo started; sleep 300'", 20)).isEqualTo("sh -c 'echo started…");
    }
}
