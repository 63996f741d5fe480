package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.layer.FileTree;
import dev.berth.engine.config.DaemonConfig;
import dev.berth.engine.testing.DockerCli;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The API on TCP next to the unix socket: plain, and with TLS and client certificates as dockerd's --tlsverify. */
class TcpListenerTest {
    private Path dir;

    @BeforeEach
    void setUp() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "berthd-tcp-");
    }

    @AfterEach
    void tearDown() throws IOException {
        FileTree.delete(dir);
    }

    @Test
    void plainTcp_servesTheDockerCli() {
        DaemonConfig config = DaemonConfig.defaults().withDataRoot(dir.resolve("root"))
                .withHosts(List.of("unix://" + dir.resolve("api.sock"), "tcp://127.0.0.1:0"));
        try (Daemon daemon = Daemon.start(config)) {
            int port = daemon.server().tcpPort().orElseThrow();
            DockerCli docker = new DockerCli("tcp://127.0.0.1:" + port, dir.resolve("docker-config"));
            assertThat(docker.run("version", "--format", "{{.Server.APIVersion}}").orFail().out()).isEqualTo("1.50\n");
        }
    }

    @Test
    void tlsTcp_withClientCertificates_servesTheDockerCliWithTlsVerify() throws Exception {
        Path certs = Files.createDirectories(dir.resolve("certs"));
        openssl(certs, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=berth-test-ca",
                "-keyout", "ca-key.pem", "-out", "ca.pem");
        Files.writeString(certs.resolve("server.ext"), "subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
        Files.writeString(certs.resolve("client.ext"), "extendedKeyUsage=clientAuth\n");
        for (String who : List.of("server", "client")) {
            openssl(certs, "req", "-newkey", "rsa:2048", "-nodes", "-subj", "/CN=" + who, "-keyout",
                    who + "-key.pem", "-out", who + ".csr");
            openssl(certs, "x509", "-req", "-in", who + ".csr", "-CA", "ca.pem", "-CAkey", "ca-key.pem",
                    "-CAcreateserial", "-days", "1", "-extfile", who + ".ext", "-out", who + "-cert.pem");
        }
        // The docker CLI's --tlsverify reads ca.pem, cert.pem and key.pem from DOCKER_CERT_PATH.
        Path clientDir = Files.createDirectories(dir.resolve("client"));
        Files.copy(certs.resolve("ca.pem"), clientDir.resolve("ca.pem"));
        Files.copy(certs.resolve("client-cert.pem"), clientDir.resolve("cert.pem"));
        Files.copy(certs.resolve("client-key.pem"), clientDir.resolve("key.pem"));
        DaemonConfig config = DaemonConfig.defaults().withDataRoot(dir.resolve("root"))
                .withHosts(List.of("unix://" + dir.resolve("api.sock"), "tcp://127.0.0.1:0"))
                .withTls(Optional.of(new DaemonConfig.TlsFiles(certs.resolve("server-cert.pem"),
                        certs.resolve("server-key.pem"), Optional.of(certs.resolve("ca.pem")))));
        try (Daemon daemon = Daemon.start(config)) {
            int port = daemon.server().tcpPort().orElseThrow();
            DockerCli docker = new DockerCli("tcp://127.0.0.1:" + port, dir.resolve("docker-config"));
            DockerCli.Result ok = docker.shell("DOCKER_TLS_VERIFY=1 DOCKER_CERT_PATH=" + clientDir
                    + " docker version --format '{{.Server.APIVersion}}'");
            assertThat(ok.orFail().out()).isEqualTo("1.50\n");
            DockerCli.Result plain = docker.run("version", "--format", "{{.Server.APIVersion}}");
            assertThat(plain.exitCode()).isNotZero();
        }
    }

    private static void openssl(Path dir, String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("openssl " + String.join(" ", args) + ": " + out);
        }
    }
}
