package dev.berth.cli.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TransportTest {
    @Test
    void chunkedBody_isDecoded_withExtensionsAndTrailers() throws Exception {
        String wire = "5;ext=1\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nTrailer: x\r\n\r\n";
        var in = new ChunkedInputStream(new ByteArrayInputStream(wire.getBytes(StandardCharsets.US_ASCII)));
        assertThat(new String(in.readAllBytes(), StandardCharsets.US_ASCII)).isEqualTo("hello world");
    }

    @Test
    void truncatedChunk_isAnError() {
        var in = new ChunkedInputStream(new ByteArrayInputStream("a\r\nshort".getBytes(StandardCharsets.US_ASCII)));
        assertThatThrownBy(in::readAllBytes).isInstanceOf(EOFException.class);
    }

    @Test
    void host_flagThenBerthHostThenDockerHostThenDefault() {
        assertThat(DaemonHost.resolve("unix:///a.sock", Map.of("DOCKER_HOST", "unix:///b.sock")).socket())
                .isEqualTo(Path.of("/a.sock"));
        assertThat(DaemonHost.resolve(null, Map.of("BERTH_HOST", "unix:///c.sock", "DOCKER_HOST", "unix:///b.sock"))
                .socket()).isEqualTo(Path.of("/c.sock"));
        assertThat(DaemonHost.resolve(null, Map.of("DOCKER_HOST", "unix:///b.sock")).socket())
                .isEqualTo(Path.of("/b.sock"));
        assertThat(DaemonHost.resolve(null, Map.of()).uri()).isEqualTo("unix:///run/berth/berth.sock");
        assertThatThrownBy(() -> DaemonHost.parse("tcp://1.2.3.4:2375")).isInstanceOf(CliException.class)
                .hasMessageContaining("only unix:// sockets");
    }

    @Test
    void apiVersions_orderNumerically() {
        assertThat(ApiVersion.parse("1.9")).isLessThan(ApiVersion.parse("1.41"));
        assertThat(ApiVersion.parse("1.50")).hasToString("1.50");
        assertThatThrownBy(() -> ApiVersion.parse("x")).isInstanceOf(CliException.class);
    }

    @Test
    void noDaemon_isDockersMessage(@TempDir Path dir) {
        EngineClient client = new EngineClient(DaemonHost.parse("unix://" + dir.resolve("none.sock")));
        assertThatThrownBy(client::ping).isInstanceOf(DaemonUnreachableException.class)
                .hasMessage("Cannot connect to the Docker daemon at unix://" + dir.resolve("none.sock")
                        + ". Is the docker daemon running?");
    }

    @Test
    void earlyPing_isTakenForItsOwnHostOnly(@TempDir Path dir) {
        DaemonHost early = DaemonHost.parse("unix://" + dir.resolve("early.sock"));
        DaemonHost other = DaemonHost.parse("unix://" + dir.resolve("other.sock"));

        EngineClient same = new EngineClient(early, Optional.of(EarlyPing.start(early)));
        EngineClient elsewhere = new EngineClient(other, Optional.of(EarlyPing.start(early)));

        // the early ping's failure is the client's own; a ping of another host is left unused
        assertThatThrownBy(same::ping).isInstanceOf(DaemonUnreachableException.class)
                .hasMessageContaining(early.uri());
        assertThatThrownBy(elsewhere::ping).isInstanceOf(DaemonUnreachableException.class)
                .hasMessageContaining(other.uri());
    }

    @Test
    void query_isSortedAndFormEncoded() {
        assertThat(Query.empty().with("tag", "latest").with("fromImage", "docker.io/library/a b").toString())
                .isEqualTo("?fromImage=docker.io%2Flibrary%2Fa+b&tag=latest");
        assertThat(Query.empty().toString()).isEmpty();
        // a key's values keep their order, as Go's encoder writes them
        assertThat(Query.empty().with("filters", "b").with("all", "1").with("filters", "a").toString())
                .isEqualTo("?all=1&filters=b&filters=a");
    }
}
