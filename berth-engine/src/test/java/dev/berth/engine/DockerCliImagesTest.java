package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The docker CLI 28 against berthd: load, images, inspect, history, tag, rmi, save, system df. */
class DockerCliImagesTest {
    private static final String BUSYBOX_ID = "sha256:49a58c28208eab50d288a5957a27cc44f2d91e8f830351a87d9ba12374d2d74d";

    static RunningDaemon daemon;
    static DockerCli docker;

    @BeforeAll
    static void start() throws IOException {
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
        docker.run("load", "-i", TestArchives.of("hello-world").toString()).orFail();
    }

    @AfterAll
    static void stop() throws IOException {
        daemon.close();
    }

    @Test
    void load_printsLoadedImage_andImagesListsIt() {
        DockerCli.Result load = docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
        assertThat(load.out()).isEqualTo("Loaded image: busybox:latest\n");
        List<String> lines = docker.run("images", "--format", "{{.Repository}} {{.Tag}} {{.ID}} {{.Size}}")
                .orFail().lines();
        assertThat(lines).contains("busybox latest 49a58c28208e 1.98MB", "hello-world latest eab803590d99 683kB");
    }

    @Test
    void images_filters_reference_dangling_andDigests() {
        assertThat(docker.run("images", "--format", "{{.Repository}}", "--filter", "reference=busy*").orFail()
                .lines()).containsExactly("busybox");
        assertThat(docker.run("images", "-q", "--filter", "dangling=true").orFail().out()).isEmpty();
        assertThat(docker.run("images", "--digests", "--format", "{{.Repository}} {{.Digest}}", "busybox")
                .orFail().lines()).containsExactly("busybox <none>");
        assertThat(docker.run("images", "--filter", "bogus=1").exitCode()).isEqualTo(1);
        assertThat(docker.run("images", "--filter", "bogus=1").err()).contains("invalid filter 'bogus'");
    }

    @Test
    void inspect_hasDockersShape() throws IOException {
        JsonNode inspect = Json.MAPPER.readTree(docker.run("image", "inspect", "busybox").orFail().out()).get(0);
        assertThat(inspect.get("Id").asText()).isEqualTo(BUSYBOX_ID);
        assertThat(inspect.get("RepoTags").toString()).contains("busybox:latest");
        assertThat(inspect.get("Architecture").asText()).isEqualTo("amd64");
        assertThat(inspect.get("Os").asText()).isEqualTo("linux");
        assertThat(inspect.get("Size").asLong()).isEqualTo(1984251);
        assertThat(inspect.get("Config").get("Cmd").get(0).asText()).isEqualTo("sh");
        assertThat(inspect.get("RootFS").get("Layers")).hasSize(1);
        Path layer = Path.of(inspect.get("GraphDriver").get("Data").get("UpperDir").asText());
        assertThat(layer).startsWith(daemon.dataRoot().resolve("layers"));
        assertThat(layer.resolve("bin/busybox")).isRegularFile();
        assertThat(docker.run("image", "inspect", "--format", "{{.Id}}", "49a58c").orFail().out().strip())
                .isEqualTo(BUSYBOX_ID);
    }

    @Test
    void inspect_unknownImage_isNoSuchImage() {
        DockerCli.Result r = docker.run("image", "inspect", "nope");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("No such image: nope:latest");
    }

    @Test
    void history_showsTheLayerStep() {
        assertThat(docker.run("history", "--format", "{{.ID}} {{.CreatedBy}} {{.Size}}", "busybox").orFail().lines())
                .containsExactly("49a58c28208e ADD busybox-static (amd64) / 1.98MB");
    }

    @Test
    void tag_thenRmi_untagsOnly_andIdWithManyRepositories_isAConflict() {
        docker.run("tag", "busybox", "example.com/team/tool:v1").orFail();
        docker.run("tag", "busybox", "other/name").orFail();
        DockerCli.Result conflict = docker.run("rmi", "49a58c28208e");
        assertThat(conflict.exitCode()).isEqualTo(1);
        assertThat(conflict.err()).contains("conflict: unable to delete 49a58c28208e (must be forced) - image is"
                + " referenced in multiple repositories");
        assertThat(docker.run("rmi", "example.com/team/tool:v1").orFail().out())
                .isEqualTo("Untagged: example.com/team/tool:v1\n");
        assertThat(docker.run("rmi", "other/name").orFail().out()).isEqualTo("Untagged: other/name:latest\n");
        assertThat(docker.run("images", "-q", "busybox").orFail().out()).isEqualTo("49a58c28208e\n");
    }

    @Test
    void rmi_unknownImage_isNoSuchImage() {
        DockerCli.Result r = docker.run("rmi", "nope:1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.err()).contains("Error response from daemon: No such image: nope:1");
    }

    @Test
    void tag_withUppercase_isInvalidReference() {
        DockerCli.Result r = docker.run("tag", "busybox", "Bad/Name");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("invalid reference format");
    }

    @Test
    void saveLoad_roundTrip_restoresTheSameImage() throws IOException {
        docker.run("tag", "hello-world", "roundtrip:1").orFail();
        Path tar = Files.createTempFile(daemon.dir(), "save", ".tar");
        docker.run("save", "-o", tar.toString(), "roundtrip:1").orFail();
        assertThat(docker.run("rmi", "roundtrip:1").orFail().out()).isEqualTo("Untagged: roundtrip:1\n");
        assertThat(docker.run("load", "-i", tar.toString()).orFail().out()).isEqualTo("Loaded image: roundtrip:1\n");
        assertThat(docker.run("images", "-q", "roundtrip:1").orFail().out()).isEqualTo("eab803590d99\n");
        assertThat(docker.shell("docker save hello-world | docker load").orFail().out())
                .isEqualTo("Loaded image: hello-world:latest\n");
        docker.run("rmi", "roundtrip:1").orFail();
    }

    @Test
    void rmi_lastTag_deletesImageAndLayers_andLoadRestoresThem() {
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
        docker.run("tag", "busybox", "gone:1").orFail();
        docker.run("rmi", "busybox").orFail();
        DockerCli.Result rmi = docker.run("rmi", "gone:1").orFail();
        assertThat(rmi.lines()).containsExactly("Untagged: gone:1", "Deleted: " + BUSYBOX_ID,
                "Deleted: sha256:c67d474101ecbc77dbe1ecc24f6061b9dbf210841bbf97592732cdd6f3f36c50");
        assertThat(daemon.dataRoot().resolve("layers/sha256/c67d474101ecbc77dbe1ecc24f6061b9dbf210841bbf97592732cdd6f3f36c50"))
                .doesNotExist();
        assertThat(daemon.dataRoot().resolve("content/blobs/sha256/" + BUSYBOX_ID.substring(7))).doesNotExist();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
        assertThat(docker.run("images", "-q", "busybox").orFail().out()).isEqualTo("49a58c28208e\n");
    }

    @Test
    void load_ofAnOciLayoutTar_takesTheHostPlatformOfItsIndex() throws IOException {
        Path tar = daemon.dir().resolve("multiarch-oci.tar");
        try (var out = Files.newOutputStream(tar)) {
            dev.berth.oci.layout.OciLayoutTar.write(dev.berth.oci.layout.OciLayout.open(
                    dev.berth.oci.layout.TestImages.layout("busybox-multiarch")), out);
        }
        assertThat(docker.run("load", "-i", tar.toString()).orFail().out())
                .isEqualTo("Loaded image ID: " + BUSYBOX_ID + "\n");
    }

    @Test
    void prune_removesDanglingImages_andWithAll_everyImage() throws IOException {
        try (RunningDaemon own = RunningDaemon.start()) {
            DockerCli docker = own.docker();
            Path unnamed = own.dir().resolve("hello-oci.tar");
            try (var out = Files.newOutputStream(unnamed)) {
                dev.berth.oci.layout.OciLayoutTar.write(dev.berth.oci.layout.OciLayout.open(
                        dev.berth.oci.layout.TestImages.layout("hello-world")), out);
            }
            docker.run("load", "-i", unnamed.toString()).orFail();
            docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
            assertThat(docker.run("images", "-q", "--filter", "dangling=true").orFail().out())
                    .isEqualTo("eab803590d99\n");
            assertThat(docker.run("image", "prune", "-f").orFail().out()).isEqualTo("""
                    Deleted Images:
                    deleted: sha256:eab803590d9914e25a9dd2d8d44577490dd4706d86d3226bdbf8a0cfcae81934
                    deleted: sha256:4839a38d234126f6960c72574af9c90c4bdd2e81a42fd1a2265553d58c17922e

                    Total reclaimed space: 682.7kB
                    """);
            assertThat(docker.run("image", "prune", "-af").orFail().lines())
                    .contains("untagged: busybox:latest", "deleted: " + BUSYBOX_ID, "Total reclaimed space: 1.984MB");
            assertThat(docker.run("images", "-aq").orFail().out()).isEmpty();
        }
    }

    @Test
    void import_ofACompressedRootfsTar_makesAOneLayerImage() throws IOException {
        Path rootfs = Files.createDirectories(daemon.dir().resolve("rootfs/etc"));
        Files.writeString(rootfs.resolve("motd"), "imported\n");
        DockerCli.Result r = docker.shell("tar -C " + rootfs.getParent() + " -cz . | docker import - imported:v1");
        assertThat(r.orFail().out()).matches("sha256:[0-9a-f]{64}\n");
        assertThat(docker.run("history", "--format", "{{.Comment}}", "imported:v1").orFail().out())
                .isEqualTo("Imported from -\n");
        String layer = docker.run("image", "inspect", "--format", "{{.GraphDriver.Data.UpperDir}}", "imported:v1")
                .orFail().out().strip();
        assertThat(Path.of(layer).resolve("etc/motd")).hasContent("imported");
        assertThat(docker.run("image", "inspect", "--format", "{{.Os}}/{{.Architecture}}", "imported:v1")
                .orFail().out()).isEqualTo("linux/amd64\n");
    }

    @Test
    void systemDf_countsImagesAndLayers() {
        List<String> lines = docker.run("system", "df", "--format", "{{.Type}} {{.TotalCount}}").orFail().lines();
        assertThat(lines).contains("Containers 0", "Local Volumes 0");
        assertThat(lines.stream().filter(l -> l.startsWith("Images ")).findFirst().orElseThrow())
                .matches("Images [2-9]");
    }

    @Test
    void events_replayTagAndUntag_withFilters() {
        docker.run("tag", "busybox", "evented:1").orFail();
        docker.run("rmi", "evented:1").orFail();
        String format = "{{.Type}} {{.Action}} {{.Actor.Attributes.name}}";
        // A second from now: the daemon replays what it kept, streams until then, and ends the stream.
        String until = Long.toString(java.time.Instant.now().getEpochSecond() + 1);
        List<String> tags = docker.run("events", "--since", "5m", "--until", until, "--filter", "event=tag",
                "--format", format).orFail().lines();
        assertThat(tags).contains("image tag evented:1").allMatch(l -> l.startsWith("image tag "));
        List<String> untags = docker.run("events", "--since", "5m", "--until", until, "--filter", "type=image",
                "--filter", "event=untag", "--format", "{{.Action}} {{.Actor.ID}}").orFail().lines();
        assertThat(untags).contains("untag " + BUSYBOX_ID);
        assertThat(docker.run("events", "--since", "5m", "--until", until, "--filter", "container=x").orFail().out())
                .isEmpty();
    }

    @Test
    void images_beforeAndSince_compareCreationTimes() {
        // Both test images are created at the same instant: neither is before or after the other.
        assertThat(docker.run("images", "-q", "--filter", "before=busybox").orFail().out()).isEmpty();
        // Only images made later (an import by another test) are since it.
        assertThat(docker.run("images", "-q", "--filter", "since=hello-world").orFail().lines())
                .doesNotContain("eab803590d99", "49a58c28208e");
        DockerCli.Result unknown = docker.run("images", "--filter", "before=nope");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("No such image: nope:latest");
    }

    @Test
    void versionAndInfo_reportTheDaemon() {
        assertThat(docker.run("version", "--format", "{{.Server.APIVersion}} {{.Server.MinAPIVersion}}").orFail()
                .out().strip()).isEqualTo("1.50 1.24");
        assertThat(docker.run("info", "--format", "{{.DockerRootDir}} {{.Driver}}").orFail().out().strip())
                .isEqualTo(daemon.dataRoot() + " overlay2");
    }
}
