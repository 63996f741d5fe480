package dev.berth.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.cli.e2e.ReplayDaemon.Response;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * On a terminal, berth draws the same live progress as the docker CLI: each layer's line rewritten in place with
 * cursor movements and a bar on wide terminals. Both run under a pseudo-terminal ({@code script}) of a set width,
 * against the same scripted daemon, and must write the very same bytes.
 */
class TerminalParityTest {
    @TempDir
    Path dir;

    private static final String[] STREAM = {
        "{\"status\":\"Pulling from library/demo\",\"id\":\"latest\"}",
        "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Pulling fs layer\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
        "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":1234567,\"total\":7654321},\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":10,\"total\":20},\"id\":\"bbbbbbbbbbbb\"}",
        "{\"status\":\"Download complete\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
        "{\"status\":\"Downloading\",\"progressDetail\":{\"current\":7654321,\"total\":7654321},\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":32768,\"total\":7654321},\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Extracting\",\"progressDetail\":{\"current\":9000000},\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"aaaaaaaaaaaa\"}",
        "{\"status\":\"Pull complete\",\"progressDetail\":{},\"id\":\"bbbbbbbbbbbb\"}",
        "{\"status\":\"Digest: sha256:" + "ab".repeat(32) + "\"}",
        "{\"status\":\"Status: Downloaded newer image for demo:latest\"}",
    };

    @ParameterizedTest
    @ValueSource(ints = {150, 80})
    void pullOnATerminal_drawsTheSameLiveProgress(int columns) throws Exception {
        try (ReplayDaemon daemon = new ReplayDaemon(dir.resolve("d.sock"), Optional.of("1.45"),
                r -> Response.stream(STREAM))) {
            String env = "DOCKER_HOST=" + daemon.host() + " DOCKER_CONFIG=" + dir;
            String docker = onTerminal(columns, env + " " + Clients.DOCKER + " pull demo");
            String java = ProcessHandle.current().info().command().orElseThrow();
            String berth = onTerminal(columns, env + " " + java + " --enable-native-access=ALL-UNNAMED -cp "
                    + System.getProperty("java.class.path") + " dev.berth.cli.BerthMain pull demo");
            assertThat(berth).isEqualTo(docker);
            assertThat(berth).contains("\u001b[2A", "Downloading", "aaaaaaaaaaaa: Pull complete")
                    .endsWith("docker.io/library/demo:latest\r\n");
            if (columns > 110) {
                assertThat(berth).contains("[========>                                          ]  1.235MB/7.654MB");
            } else {
                assertThat(berth).doesNotContain("[==").contains("Downloading  1.235MB/7.654MB");
            }
        }
    }

    /** Runs {@code command} under a pseudo-terminal {@code columns} wide; returns what it wrote there. */
    private static String onTerminal(int columns, String command) {
        Processes.Run r = Processes.run(List.of("script", "-qec", "stty cols " + columns + " rows 40; " + command,
                "/dev/null"), Map.of(), new byte[0]);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        return r.out();
    }
}
