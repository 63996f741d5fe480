package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.BindMode;
import org.testcontainers.containers.Container;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.OutputFrame;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;
import org.testcontainers.utility.MountableFile;

/**
 * Testcontainers' {@link GenericContainer} against berthd, offline: the settings Testcontainers only reads from the
 * environment come from this module's surefire configuration (see its pom), the daemon's socket from the
 * {@code DOCKER_HOST} system property, which docker-java reads when Testcontainers first builds its client.
 */
class TestcontainersTest {
    private static final String PAGE = "served by busybox httpd in berthd\n";

    static RunningDaemon daemon;
    static DockerCli docker;

    @BeforeAll
    static void start() throws Exception {
        RootOnly.assume();
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
        System.setProperty("DOCKER_HOST", "unix://" + daemon.socket());
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon == null) {
            return;
        }
        // Without Ryuk, Testcontainers prunes what its session labelled in a JVM shutdown hook; done here, while the
        // daemon still runs, through berthd's prune endpoints. The hook prunes again by the same labels, with no
        // timeout: once it held the fork's exit until surefire halted it 10 s later (its thread dump: the hook's
        // list of containers waiting on its answer), so its list of labels is emptied once they are pruned.
        org.testcontainers.utility.ResourceReaper.instance().performCleanup();
        forgetPrunedLabels();
        System.clearProperty("DOCKER_HOST");
        daemon.removeContainersAndClose(List.of());
    }

    /** Empties ResourceReaper's DEATH_NOTE (package-private, no API clears it), which its shutdown hook prunes by. */
    private static void forgetPrunedLabels() throws ReflectiveOperationException {
        java.lang.reflect.Field field = org.testcontainers.utility.ResourceReaper.class.getDeclaredField("DEATH_NOTE");
        field.setAccessible(true);
        List<?> labels = (List<?>) field.get(null);
        synchronized (labels) {
            labels.clear();
        }
    }

    @Test
    void genericContainer_servesOnAMappedPort_logs_execs_andCopiesFilesIn() throws Exception {
        List<String> consumed = new CopyOnWriteArrayList<>();
        try (GenericContainer<?> httpd = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
                .withCommand("sh", "-c", "mkdir -p /www && printf '" + PAGE.replace("\n", "\\n")
                        + "' > /www/index.html && echo httpd ready && exec httpd -f -v -p 8080 -h /www")
                .withExposedPorts(8080)
                .withLogConsumer((OutputFrame f) -> consumed.add(f.getUtf8String()))
                .waitingFor(Wait.forLogMessage(".*httpd ready.*\\n", 1))) {
            httpd.start();
            assertThat(DockerClientFactory.instance().getRemoteDockerUnixSocketPath())
                    .isEqualTo(daemon.socket().toString());

            String host = httpd.getHost();
            int port = httpd.getMappedPort(8080);
            assertThat(port).isNotEqualTo(8080).isPositive();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(
                    URI.create("http://" + host + ":" + port + "/index.html")).timeout(Duration.ofSeconds(30))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).isEqualTo(PAGE);

            assertThat(httpd.getLogs()).contains("httpd ready");
            assertThat(String.join("", consumed)).contains("httpd ready");

            Container.ExecResult exec = httpd.execInContainer("sh", "-c", "cat /www/index.html; echo oops >&2; exit 3");
            assertThat(exec.getExitCode()).isEqualTo(3);
            assertThat(exec.getStdout()).isEqualTo(PAGE);
            assertThat(exec.getStderr()).isEqualTo("oops\n");

            Path local = Files.createTempFile(daemon.dir(), "copied", ".txt");
            Files.writeString(local, "copied in by Testcontainers\n");
            httpd.copyFileToContainer(MountableFile.forHostPath(local, 0640), "/tmp/in/copied.txt");
            Container.ExecResult stat = httpd.execInContainer("stat", "-c", "%a %s", "/tmp/in/copied.txt");
            assertThat(stat.getStdout()).isEqualTo("640 28\n");
            String back = httpd.copyFileFromContainer("/tmp/in/copied.txt",
                    in -> new String(in.readAllBytes(), StandardCharsets.UTF_8));
            assertThat(back).isEqualTo("copied in by Testcontainers\n");
        }
        assertThat(docker.run("ps", "-a", "--format", "{{.ID}} {{.Command}} {{.Status}} {{.Names}} {{.Labels}}")
                .orFail().out()).as("stop() removed the container").isEmpty();
    }

    /**
     * A Testcontainers {@link Network}: two containers on it, one found by its network alias; env, labels, a
     * read-only bind and a tmpfs as Testcontainers asks for them.
     */
    @Test
    void network_aliases_env_labels_binds_andTmpfs() throws Exception {
        Path shared = Files.createDirectory(daemon.dir().resolve("shared"));
        Files.writeString(shared.resolve("page.html"), PAGE);
        try (Network network = Network.newNetwork();
                GenericContainer<?> web = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
                        .withNetwork(network).withNetworkAliases("web")
                        .withFileSystemBind(shared.toString(), "/www", BindMode.READ_ONLY)
                        .withCommand("sh", "-c", "echo web ready; exec httpd -f -p 8080 -h /www")
                        .waitingFor(Wait.forLogMessage(".*web ready.*\\n", 1));
                GenericContainer<?> client = new GenericContainer<>(DockerImageName.parse("busybox:latest"))
                        .withNetwork(network).withEnv("GREETING", "hello from env").withLabel("suite", "berth")
                        .withTmpFs(java.util.Map.of("/scratch", "rw,size=1m"))
                        .withCommand("sleep", "600")) {
            web.start();
            client.start();
            assertThat(client.execInContainer("wget", "-qO-", "http://web:8080/page.html").getStdout())
                    .isEqualTo(PAGE);
            assertThat(client.execInContainer("sh", "-c", "echo $GREETING").getStdout()).isEqualTo("hello from env\n");
            assertThat(client.getContainerInfo().getConfig().getLabels()).containsEntry("suite", "berth");
            assertThat(web.execInContainer("sh", "-c", "echo x > /www/new").getExitCode())
                    .as("the read-only bind refuses writes").isNotZero();
            assertThat(client.execInContainer("sh", "-c", "grep ' /scratch ' /proc/mounts").getStdout())
                    .startsWith("tmpfs /scratch tmpfs rw");
        }
        assertThat(docker.run("network", "ls", "--filter", "label=org.testcontainers=true", "-q").orFail().out())
                .as("Network.close() removed it").isEmpty();
    }

    /** Testcontainers' start-up check refuses a server {@code Version} below 1.6.0: Berth's own (0.x) reads so. */
    @Test
    void serverVersion_isTheDockerEngineReleaseOfItsApi_withBerthsAsAComponent() {
        assertThat(docker.run("version", "--format", "{{.Server.Version}} {{.Server.APIVersion}}").orFail().out())
                .isEqualTo("28.2.0 1.50\n");
        assertThat(docker.run("version", "--format", "{{range .Server.Components}}{{.Name}} {{.Version}};{{end}}")
                .orFail().out()).isEqualTo("Engine 28.2.0;berthd " + dev.berth.oci.BerthVersion.version() + ";\n");
        assertThat(docker.run("info", "--format", "{{.ServerVersion}}").orFail().out()).isEqualTo("28.2.0\n");
    }
}
