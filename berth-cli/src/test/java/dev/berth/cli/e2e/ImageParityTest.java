package dev.berth.cli.e2e;

import static dev.berth.cli.e2e.DockerParity.assertSame;
import static dev.berth.cli.e2e.DockerParity.assertSameProgress;
import static dev.berth.cli.e2e.DockerParity.assertSameRows;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Image commands through berth and through the docker CLI against one daemon: the same output and exit codes. */
@ExtendWith(EngineExtension.class)
class ImageParityTest {
    @TempDir
    static Path config;
    static Clients clients;
    static String hello;
    static String busybox;

    @BeforeAll
    static void setUp(EngineFixture engine) {
        clients = new Clients(engine, config);
        hello = engine.registry() + "/library/hello-world:latest";
        busybox = engine.registry() + "/library/busybox:latest";
        for (String image : List.of(hello, busybox)) {
            assertThat(clients.docker("pull", image).exit()).isZero();
        }
    }

    private static void same(String... args) {
        assertSame(String.join(" ", args), clients.berth(args), clients.docker(args));
    }

    private static void sameRows(String... args) {
        assertSameRows(String.join(" ", args), clients.berth(args), clients.docker(args));
    }

    @Test
    void images_tableAndVariants() {
        sameRows("images");
        sameRows("image", "ls");
        sameRows("image", "list", "--digests");
        sameRows("images", "-a", "--no-trunc");
        sameRows("images", "-q");
        sameRows("images", hello);
        sameRows("images", "--filter", "reference=*/library/busy*");
        sameRows("images", "--filter", "dangling=true");
        sameRows("images", "--format", "{{.ID}} {{.Repository}} {{.Tag}} {{.Digest}} {{.Size}}");
        sameRows("images", "--format", "{{json .}}");
        sameRows("images", "--format", "json");
        sameRows("images", "--format", "table {{.Repository}}\\t{{.Tag}}\\t{{.CreatedAt}}", "--digests");
        sameRows("images", "--format", "table {{.Repository | upper}}:{{.Tag}}\\t{{.VirtualSize}}");
    }

    @Test
    void images_badFilter_isAUsageError() {
        DockerParity.assertSameUsageError(clients.berth("images", "--filter", "dangling"),
                clients.docker("images", "--filter", "dangling"));
    }

    @Test
    void inspect_printsTheDaemonsJsonIndented() {
        same("image", "inspect", hello);
        same("image", "inspect", hello, busybox);
        same("inspect", busybox);
        same("image", "inspect", "-f", "{{.Id}} {{.Os}}/{{.Architecture}} {{json .RepoTags}} {{.Size}}", hello);
        same("image", "inspect", "--format", "{{range .RepoTags}}[{{.}}]{{end}} {{index .Config.Cmd 0}}", hello);
        same("image", "inspect", "-f", "{{json .RootFS}}", busybox);
    }

    @Test
    void inspect_unknownImages_areListedAfterTheFoundOnes() {
        same("image", "inspect", "nope");
        same("image", "inspect", "nope", hello, "nope2");
        same("inspect", "nope");
        same("image", "inspect", "-f", "{{.Id}}", "nope", hello);
    }

    @Test
    void history_variants() {
        same("history", hello);
        same("image", "history", "--no-trunc", busybox);
        same("history", "-q", busybox);
        same("history", "-H=false", hello);
        same("history", "--format", "{{.ID}}: {{.CreatedBy}} ({{.Size}})", busybox);
        same("history", "nope");
    }

    @Test
    void tagAndRmi_printUntaggedAndDeletedLines() {
        assertThat(clients.berth("tag", hello, "berth/tagged:v1").exit()).isZero();
        assertThat(clients.docker("image", "inspect", "-f", "{{.RepoTags}}", hello).out()).contains("berth/tagged:v1");
        Processes.Run berth = clients.berth("rmi", "berth/tagged:v1");
        clients.docker("tag", hello, "berth/tagged:v1");
        assertSame(berth, clients.docker("rmi", "berth/tagged:v1"));

        same("tag", "nope", "x");
        same("tag", hello, "BAD");
        same("rmi", "nope");
        same("image", "rm", "nope", "nope2");
    }

    @Test
    void rmi_lastReference_deletesTheImage() {
        onlyReference(busybox, "berth/rmi-victim:1");
        Processes.Run berth = clients.berth("rmi", "berth/rmi-victim:1");
        assertThat(berth.out()).startsWith("Untagged: berth/rmi-victim:1\nDeleted: sha256:");
        clients.docker("pull", busybox);
        onlyReference(busybox, "berth/rmi-victim:1");
        assertSame(berth, clients.docker("rmi", "berth/rmi-victim:1"));
        assertThat(clients.docker("pull", busybox).exit()).isZero();
    }

    /** Leaves {@code tag} as the only name of the image {@code image} names. */
    private static void onlyReference(String image, String tag) {
        assertThat(clients.docker("tag", image, tag).exit()).isZero();
        String refs = clients.docker("image", "inspect", "-f", "{{join .RepoTags \" \"}} {{join .RepoDigests \" \"}}",
                tag).out();
        for (String ref : refs.strip().split("\\s+")) {
            if (!ref.equals(tag)) {
                // untagging a repository's last tag drops its digest references too: those then fail, harmlessly
                clients.docker("rmi", ref);
            }
        }
        assertThat(clients.docker("image", "inspect", "-f", "{{.RepoTags}} {{.RepoDigests}}", tag).out())
                .isEqualTo("[" + tag + "] []\n");
    }

    @Test
    void saveAndLoad_roundTrip() throws Exception {
        Path dir = Files.createTempDirectory(config, "save");
        Path berthTar = dir.resolve("berth.tar");
        Path dockerTar = dir.resolve("docker.tar");
        assertSame(clients.berth("save", "-o", berthTar.toString(), hello),
                clients.docker("save", "-o", dockerTar.toString(), hello));
        assertThat(Files.size(berthTar)).isEqualTo(Files.size(dockerTar)).isGreaterThan(600_000);

        clients.docker("rmi", hello);
        Processes.Run berth = clients.berth("load", "-i", berthTar.toString());
        assertThat(berth.out()).isEqualTo("Loaded image: " + hello + "\n");
        clients.docker("rmi", hello);
        assertSame(berth, clients.docker("load", "-i", dockerTar.toString()));

        assertSame(clients.berthWithInput(Files.readAllBytes(berthTar), "image", "load"),
                clients.dockerWithInput(Files.readAllBytes(berthTar), "image", "load"));
        same("save", "-o", dir.resolve("none.tar").toString(), "nope");
        assertThat(dir.resolve("none.tar")).doesNotExist();
        same("load", "-i", dir.resolve("missing.tar").toString());
    }

    @Test
    void push_toAnotherRepository_mountsTheLayers(EngineFixture engine) {
        String berthTarget = engine.registry() + "/berth/pushed:v1";
        String dockerTarget = engine.registry() + "/docker/pushed:v1";
        clients.docker("tag", hello, berthTarget);
        clients.docker("tag", hello, dockerTarget);
        Processes.Run berth = clients.berth("push", berthTarget);
        Processes.Run docker = clients.docker("push", dockerTarget);
        assertThat(berth.out()).contains("The push refers to repository [" + engine.registry() + "/berth/pushed]",
                ": Mounted from library/hello-world", "v1: digest: sha256:");
        assertSameProgress(mountedFromAny(new Processes.Run(berth.exit(),
                berth.out().replace("berth/pushed", "docker/pushed"), berth.err())), mountedFromAny(docker));
        assertSame(clients.berth("image", "push", "-q", berthTarget), clients.docker("push", "-q", berthTarget));
        same("push", engine.registry() + "/library/never-tagged");
    }

    /** Which repository a layer is mounted from depends on what was pushed last. */
    private static Processes.Run mountedFromAny(Processes.Run r) {
        return new Processes.Run(r.exit(), r.out().replaceAll("Mounted from \\S+", "Mounted from …"), r.err());
    }

    @Test
    void systemDf_andPrune() {
        same("system", "df");
        same("system", "df", "--format", "{{.Type}}: {{.Size}}");
        same("image", "prune", "-f");
        same("image", "prune", "-f", "--filter", "until=1h");
    }
}
