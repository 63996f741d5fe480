package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.volume.VolumeStore;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The docker CLI 28 against berthd: volume create, ls, inspect, rm, prune, and the volume events. */
class DockerCliVolumesTest {
    RunningDaemon daemon;
    DockerCli docker;

    @BeforeEach
    void start() throws IOException {
        daemon = RunningDaemon.start();
        docker = daemon.docker();
    }

    @AfterEach
    void stop() throws IOException {
        daemon.close();
    }

    @Test
    void create_inspect_ls_rm() throws IOException {
        assertThat(docker.run("volume", "create", "--label", "app=web", "--opt", "type=tmpfs", "--opt",
                "device=tmpfs", "--opt", "o=size=1m", "web").orFail().out()).isEqualTo("web\n");
        JsonNode v = Json.MAPPER.readTree(docker.run("volume", "inspect", "web").orFail().out()).get(0);
        assertThat(v.get("Name").asText()).isEqualTo("web");
        assertThat(v.get("Driver").asText()).isEqualTo("local");
        assertThat(v.get("Scope").asText()).isEqualTo("local");
        assertThat(v.get("Labels").get("app").asText()).isEqualTo("web");
        assertThat(v.get("Options").get("o").asText()).isEqualTo("size=1m");
        assertThat(v.get("Mountpoint").asText()).isEqualTo(daemon.dataRoot() + "/volumes/web/_data");
        assertThat(v.get("CreatedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");

        String anonymous = docker.run("volume", "create").orFail().out().strip();
        assertThat(anonymous).matches("[0-9a-f]{64}");
        assertThat(docker.run("volume", "ls", "--format", "{{.Driver}} {{.Name}}").orFail().lines())
                .containsExactlyInAnyOrder("local web", "local " + anonymous);
        assertThat(docker.run("volume", "ls", "-q", "--filter", "label=app=web").orFail().lines())
                .containsExactly("web");
        assertThat(docker.run("volume", "ls", "-q", "--filter", "dangling=false").orFail().out()).isEmpty();

        assertThat(docker.run("volume", "rm", "web", anonymous).orFail().lines()).containsExactly("web", anonymous);
        assertThat(docker.run("volume", "ls", "-q").orFail().out()).isEmpty();
        DockerCli.Result missing = docker.run("volume", "inspect", "web");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("get web: no such volume");
        assertThat(docker.run("volume", "rm", "-f", "web").exitCode()).isZero();
    }

    @Test
    void badInput_hasDockersMessages() {
        DockerCli.Result shortName = docker.run("volume", "create", "x");
        assertThat(shortName.exitCode()).isEqualTo(1);
        assertThat(shortName.err()).contains(
                "create x: volume name is too short, names should be at least two alphanumeric characters");
        assertThat(docker.run("volume", "create", "--opt", "bogus=1", "vv").err())
                .contains("create vv: invalid option: \"bogus\"");
        assertThat(docker.run("volume", "ls", "--filter", "until=1h").err()).contains("invalid filter 'until'");
    }

    @Test
    void rmOfAVolumeInUse_isRefused_andPruneTakesAnonymousOnlyUnlessAll() {
        docker.run("volume", "create", "kept").orFail();
        docker.run("volume", "create", "used").orFail();
        String anonymous = docker.run("volume", "create").orFail().out().strip();
        VolumeStore store = volumes();
        String container = "a".repeat(64);
        store.reference("used", container);

        DockerCli.Result inUse = docker.run("volume", "rm", "used");
        assertThat(inUse.exitCode()).isEqualTo(1);
        assertThat(inUse.err()).contains("remove used: volume is in use - [" + container + "]");
        assertThat(docker.run("volume", "rm", "-f", "used").exitCode()).isEqualTo(1);

        DockerCli.Result prune = docker.run("volume", "prune", "-f").orFail();
        assertThat(prune.out()).contains("Deleted Volumes:\n" + anonymous + "\n");
        assertThat(docker.run("volume", "prune", "-f", "--all").orFail().out()).contains("kept").doesNotContain("used");
        assertThat(docker.run("volume", "ls", "-q").orFail().lines()).containsExactly("used");
        assertThat(docker.run("system", "df", "--format", "{{.Type}} {{.TotalCount}} {{.Active}}").orFail().lines())
                .contains("Local Volumes 1 1");
    }

    @Test
    void volumesSurviveARestart_andShowOnEvents() throws IOException {
        docker.run("volume", "create", "persist").orFail();
        Path data = daemon.dataRoot().resolve("volumes/persist/_data");
        Files.writeString(data.resolve("note"), "still here");
        DockerCli.Result events = docker.run("events", "--since", "0", "--until",
                Long.toString(java.time.Instant.now().getEpochSecond() + 2), "--filter", "type=volume",
                "--format", "{{.Type}} {{.Action}} {{.Actor.ID}}");
        assertThat(events.orFail().lines()).containsExactly("volume create persist");

        Path dir = daemon.dir();
        daemon.daemon().close();
        daemon = restartOn(dir);
        docker = daemon.docker();
        assertThat(docker.run("volume", "ls", "-q").orFail().lines()).containsExactly("persist");
        assertThat(Files.readString(data.resolve("note"))).isEqualTo("still here");
    }

    private RunningDaemon restartOn(Path dir) {
        return RunningDaemon.start(dir, dev.berth.engine.config.DaemonConfig.defaults());
    }

    private VolumeStore volumes() {
        return daemon.daemon().volumes();
    }
}
