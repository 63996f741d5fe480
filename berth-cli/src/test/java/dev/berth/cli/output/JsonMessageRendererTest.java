package dev.berth.cli.output;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonMessageRendererTest {
    private final List<JsonNode> aux = new ArrayList<>();

    private String render(boolean terminal, int width, String... lines) {
        StringWriter out = new StringWriter();
        new JsonMessageRenderer(new PrintWriter(out), terminal, width,
                Clock.fixed(Instant.ofEpochSecond(1_700_000_010), ZoneOffset.UTC), aux::add)
                .render(new ByteArrayInputStream(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
        return out.toString();
    }

    @Test
    void plainOutput_dropsProgressButKeepsStatusLines_andHandsAuxOver() {
        String out = render(false, 200,
                "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"abc\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1,\"total\":2},\"id\":\"abc\"}",
                "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"abc\"}",
                "{\"aux\":{\"Digest\":\"sha256:00\"}}",
                "{\"stream\":\"Loaded image: a:b\\n\"}");
        assertThat(out).isEqualTo("abc: Pulling fs layer\nabc: Pull complete\nLoaded image: a:b\n");
        assertThat(aux).singleElement().satisfies(a -> assertThat(a.path("Digest").asText()).isEqualTo("sha256:00"));
    }

    @Test
    void terminal_rewritesEachIdsLineInPlace() {
        String out = render(true, 120,
                "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"a\"}",
                "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"b\"}",
                "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":500,\"total\":1000,\"start\":1700000000},"
                        + "\"id\":\"a\"}");
        assertThat(out).isEqualTo(
                "\n\u001b[1A\u001b[2K\ra: Pulling fs layer \r\u001b[1B"
                + "\n\u001b[1A\u001b[2K\rb: Pulling fs layer \r\u001b[1B"
                + "\u001b[2A\u001b[2K\ra: Downloading [=========================>                         ]"
                + "     500B/1kB 10s\r\u001b[2B");
    }

    @Test
    void anErrorMessage_endsTheStream() {
        assertThatThrownBy(() -> render(false, 200, "{\"status\":\"x\"}",
                "{\"errorDetail\":{\"message\":\"boom\"},\"error\":\"boom\"}", "{\"status\":\"never\"}"))
                .isInstanceOf(CliException.class).hasMessage("boom");
    }

    @Test
    void timesAndSourcesPrefixTheLine() {
        assertThat(render(false, 200, "{\"status\":\"create\",\"id\":\"c1\",\"from\":\"busybox\",\"time\":1700000000}"))
                .isEqualTo("2023-11-14T22:13:20.000000000Z c1: (from busybox) create\n");
    }
}
