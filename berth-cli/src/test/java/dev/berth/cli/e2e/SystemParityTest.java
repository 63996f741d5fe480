package dev.berth.cli.e2e;

import static dev.berth.cli.e2e.DockerParity.assertSame;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** version, info and connection errors, compared with the docker CLI. */
@ExtendWith(EngineExtension.class)
class SystemParityTest {
    @TempDir
    static Path config;
    static Clients clients;

    @BeforeAll
    static void setUp(EngineFixture engine) {
        clients = new Clients(engine, config);
    }

    /** The part after {@code Server:}: the client parts legitimately name different programs. */
    private static String server(String out) {
        int at = out.indexOf("\nServer:");
        assertThat(at).as(out).isPositive();
        return out.substring(at).lines().map(SystemParityTest::sortedRuntimes).collect(Collectors.joining("\n"));
    }

    /** docker lists runtimes in Go map order, which changes from run to run; berth sorts them. */
    private static String sortedRuntimes(String line) {
        if (!line.startsWith(" Runtimes: ")) {
            return line;
        }
        return " Runtimes: " + Arrays.stream(line.substring(" Runtimes: ".length()).split(" ")).sorted()
                .collect(Collectors.joining(" "));
    }

    @Test
    void version_serverPart_isDockers() {
        Processes.Run berth = clients.berth("version");
        Processes.Run docker = clients.docker("version");
        assertThat(berth.exit()).isEqualTo(docker.exit()).isZero();
        assertThat(server(berth.out())).isEqualTo(server(docker.out()));
        assertThat(berth.out()).startsWith("Client:\n Version:           ").contains(" API version:       ");
        String format = "{{.Server.Version}} {{.Server.Os}}/{{.Server.Arch}} {{.Server.KernelVersion}} {{.Client.Os}}";
        assertSame(clients.berth("version", "--format", format), clients.docker("version", "--format", format));
    }

    @Test
    void info_serverPart_isDockers() {
        Processes.Run berth = clients.berth("info");
        Processes.Run docker = clients.docker("info");
        assertThat(berth.exit()).isEqualTo(docker.exit()).isZero();
        assertThat(server(berth.out())).isEqualTo(server(docker.out()));
        assertThat(berth.err()).isEqualTo(docker.err());
        assertThat(clients.berth("system", "info", "-f", "{{.OSType}}/{{.Architecture}}").out())
                .isEqualTo(clients.docker("system", "info", "-f", "{{.OSType}}/{{.Architecture}}").out());
    }

    @Test
    void noDaemon_isDockersConnectError(EngineFixture engine) {
        String none = "unix://" + engine.scratch().resolve("none.sock");
        Processes.Run berth = clients.berthOn(none, "images");
        Processes.Run docker = Processes.run(java.util.List.of(Clients.DOCKER, "-H", none, "images"),
                java.util.Map.of("DOCKER_CONFIG", config.toString()), new byte[0]);
        assertSame(berth, docker);
        assertThat(berth.err()).isEqualTo("Cannot connect to the Docker daemon at " + none
                + ". Is the docker daemon running?\n");
        Processes.Run berthInfo = clients.berthOn(none, "info");
        Processes.Run dockerInfo = Processes.run(java.util.List.of(Clients.DOCKER, "-H", none, "info"),
                java.util.Map.of("DOCKER_CONFIG", config.toString()), new byte[0]);
        assertThat(berthInfo.err()).isEqualTo(dockerInfo.err());
        assertThat(berthInfo.exit()).isEqualTo(dockerInfo.exit()).isEqualTo(1);
        assertThat(server(berthInfo.out())).isEqualTo(server(dockerInfo.out()));
    }

    @Test
    void login_throughTheDaemon_storesWhatDockerStores(EngineFixture engine, @TempDir Path berthConfig,
                                                      @TempDir Path dockerConfig) throws Exception {
        byte[] password = "s3cret\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        Processes.Run berth = new Clients(engine, berthConfig).berthWithInput(password,
                "login", "-u", "alice", "--password-stdin", engine.registry());
        Processes.Run docker = new Clients(engine, dockerConfig).dockerWithInput(password,
                "login", "-u", "alice", "--password-stdin", engine.registry());
        assertThat(berth.out()).isEqualTo(docker.out()).isEqualTo("Login Succeeded\n");
        assertThat(berth.exit()).isEqualTo(docker.exit()).isZero();
        assertThat(berth.err().replace(berthConfig.toString(), "DIR"))
                .isEqualTo(docker.err().replace(dockerConfig.toString(), "DIR"));
        assertThat(berthConfig.resolve("config.json")).hasSameTextualContentAs(dockerConfig.resolve("config.json"));
        assertThat(new Clients(engine, berthConfig).berth("pull", "-q", engine.registry() + "/library/hello-world")
                .exit()).isZero();
        assertSame(new Clients(engine, berthConfig).berth("logout", engine.registry()),
                new Clients(engine, dockerConfig).docker("logout", engine.registry()));
    }

    @Test
    void usageErrors_exitAsDocker() {
        DockerParity.assertSameUsageError(clients.berth("pull", "--foo", "x"), clients.docker("pull", "--foo", "x"));
        assertThat(clients.berth("pull", "--foo", "x").exit()).isEqualTo(125);
        assertThat(clients.berth("pull").exit()).isEqualTo(clients.docker("pull").exit()).isEqualTo(1);
    }
}
