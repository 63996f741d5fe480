package dev.berth.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DaemonConfigTest {
    @TempDir
    Path dir;

    @Test
    void read_takesTheDefaultBridgeSettings() throws IOException {
        Path file = Files.writeString(dir.resolve("daemon.json"), """
                {"bridge": "berth9", "bip": "10.77.0.1/24", "ip": "127.0.0.1"}""");
        DaemonConfig c = DaemonConfig.read(file, DaemonConfig.defaults());
        assertThat(c.bridge()).isEqualTo(new BridgeConfig("berth9", java.util.Optional.of("10.77.0.1/24"),
                "127.0.0.1"));
        assertThat(DaemonConfig.defaults().bridge()).isEqualTo(BridgeConfig.DEFAULT);
        Path bad = Files.writeString(dir.resolve("bad.json"), """
                {"bridge": "a-bridge-name-too-long"}""");
        assertThatThrownBy(() -> DaemonConfig.read(bad, DaemonConfig.defaults()))
                .hasMessageContaining("invalid bridge name a-bridge-name-too-long");
    }

    @Test
    void read_takesDaemonJsonKeys_overTheDefaults() throws IOException {
        Path file = Files.writeString(dir.resolve("daemon.json"), """
                {"data-root": "/srv/berth", "registry-mirrors": ["https://mirror.test"],
                 "insecure-registries": ["reg.test:5000"], "max-concurrent-downloads": 6,
                 "default-runtime": "crun", "log-level": "debug"}""");
        DaemonConfig c = DaemonConfig.read(file, DaemonConfig.defaults());
        assertThat(c.dataRoot()).isEqualTo(Path.of("/srv/berth"));
        assertThat(c.registryMirrors()).containsExactly("https://mirror.test");
        assertThat(c.insecureRegistries()).containsExactly("reg.test:5000");
        assertThat(c.maxConcurrentDownloads()).isEqualTo(6);
        assertThat(c.defaultRuntime()).isEqualTo("crun");
        assertThat(c.logLevel()).isEqualTo("debug");
        assertThat(c.hosts()).containsExactly(DaemonConfig.DEFAULT_HOST);
    }

    @Test
    void read_refusesUnknownKeys_withDockerdsWording() throws IOException {
        Path file = Files.writeString(dir.resolve("daemon.json"), "{\"data-root\": \"/x\", \"bogus\": 1, \"aaa\": 2}");
        assertThatThrownBy(() -> DaemonConfig.read(file, DaemonConfig.defaults()))
                .isInstanceOf(BerthException.class)
                .hasMessage("unable to configure the Docker daemon with file " + file
                        + ": the following directives don't match any configuration option: aaa, bogus");
    }

    @Test
    void read_refusesBadValues() throws IOException {
        Path file = Files.writeString(dir.resolve("daemon.json"), "{\"max-concurrent-downloads\": 0}");
        assertThatThrownBy(() -> DaemonConfig.read(file, DaemonConfig.defaults()))
                .hasMessageContaining("invalid max concurrent downloads: 0");
        Path level = Files.writeString(dir.resolve("level.json"), "{\"log-level\": \"loud\"}");
        assertThatThrownBy(() -> DaemonConfig.read(level, DaemonConfig.defaults()))
                .hasMessageContaining("unable to parse logging level: loud");
        Path notJson = Files.writeString(dir.resolve("bad.json"), "{");
        assertThatThrownBy(() -> DaemonConfig.read(notJson, DaemonConfig.defaults()))
                .hasMessageContaining("invalid JSON");
    }

    @Test
    void hosts_mustBeUnixOrTcp() {
        assertThatThrownBy(() -> DaemonConfig.defaults().withHosts(List.of("fd://")))
                .isInstanceOf(BerthException.class).hasMessageContaining("unsupported proto");
        assertThatThrownBy(() -> DaemonConfig.defaults().withHosts(List.of("unix://relative.sock")))
                .hasMessageContaining("must be absolute");
        assertThat(DaemonConfig.defaults().withHosts(List.of("tcp://127.0.0.1:2375")).hosts()).hasSize(1);
    }

    @Test
    void lock_refusesASecondDaemonOnTheSameDataRoot() {
        DataRoot root = new DataRoot(dir.resolve("root"));
        root.prepare();
        try (DataRootLock held = DataRootLock.acquire(root)) {
            assertThat(held).isNotNull();
            assertThat(root.pidFile()).content().isEqualTo(ProcessHandle.current().pid() + "\n");
            assertThatThrownBy(() -> DataRootLock.acquire(root))
                    .isInstanceOf(BerthException.class)
                    .satisfies(e -> assertThat(((BerthException) e).kind()).isEqualTo(ErrorKind.FAILED_PRECONDITION))
                    .hasMessageContaining("pid file found, ensure berthd is not running or delete " + root.pidFile())
                    .hasMessageContaining("is another instance of berthd running?");
        }
        assertThat(root.pidFile()).doesNotExist();
        DataRootLock.acquire(root).close();
    }
}
