package dev.berth.engine.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * (After berth-client's test fixture of the same name.) A real CNCF distribution registry ({@code /usr/bin/docker-registry}, 2.8) on a free loopback port, storing under a
 * directory of the test; optionally with htpasswd or token authentication. It can be killed and started again on the
 * same port and storage.
 */
public final class DistributionRegistry implements AutoCloseable {
    private final Path dir;
    private final int port;
    private final String auth;
    private Process process;

    private DistributionRegistry(Path dir, String auth) throws IOException {
        this.dir = dir;
        this.port = freePort();
        this.auth = auth;
        Files.createDirectories(storage());
        start();
    }

    public static DistributionRegistry open(Path dir) throws IOException {
        return new DistributionRegistry(dir, "");
    }

    /** With HTTP Basic authentication of one user (a bcrypt htpasswd file, as distribution requires). */
    public static DistributionRegistry withBasicAuth(Path dir, String user, String password) throws IOException {
        Files.createDirectories(dir);
        Path htpasswd = dir.resolve("htpasswd");
        run("htpasswd", "-Bbc", htpasswd.toString(), user, password);
        return new DistributionRegistry(dir, "auth:\n  htpasswd:\n    realm: berth-test\n    path: " + htpasswd + "\n");
    }

    public int port() {
        return port;
    }

    /** {@code 127.0.0.1:PORT}, the domain of references to this registry. */
    public String host() {
        return "127.0.0.1:" + port;
    }

    public URI uri() {
        return URI.create("http://" + host());
    }

    public Path storage() {
        return dir.resolve("storage");
    }

    /** The file distribution keeps blob {@code hex} (sha256) in. */
    public Path blobData(String hex) {
        return storage().resolve("docker/registry/v2/blobs/sha256/" + hex.substring(0, 2) + "/" + hex + "/data");
    }

    public synchronized void start() throws IOException {
        Path config = dir.resolve("config.yml");
        Files.writeString(config, """
                version: 0.1
                log:
                  level: error
                  accesslog:
                    disabled: true
                storage:
                  filesystem:
                    rootdirectory: %s
                  delete:
                    enabled: true
                  redirect:
                    disable: true
                http:
                  addr: 127.0.0.1:%d
                  secret: berth-test-secret
                %s""".formatted(storage(), port, auth));
        process = new ProcessBuilder("/usr/bin/docker-registry", "serve", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("registry.log").toFile())
                .start();
        awaitReady();
    }

    /** SIGKILL, as a crash or a cut network would end it. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
            process = null;
        }
    }

    @Override
    public void close() {
        try {
            kill();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitReady() throws IOException {
        try (HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (true) {
                try {
                    int status = http.send(HttpRequest.newBuilder(URI.create(uri() + "/v2/"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding())
                            .statusCode();
                    if (status == 200 || status == 401) {
                        return;
                    }
                } catch (IOException notYet) {
                    if (!process.isAlive() || System.nanoTime() > deadline) {
                        throw new IOException("docker-registry did not start; see " + dir.resolve("registry.log")
                                + ":\n" + Files.readString(dir.resolve("registry.log")), notYet);
                    }
                }
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Runs a tool to completion; its output is in the exception when it fails. */
    public static String run(String... command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
        return out;
    }

    /** Pushes an OCI layout's {@code latest} (all platforms) to {@code repo:tag} with skopeo. */
    public void push(Path layout, String repoAndTag, String... credentials) throws IOException {
        java.util.List<String> cmd = new java.util.ArrayList<>(java.util.List.of("skopeo", "copy", "--all", "-q",
                "--dest-tls-verify=false"));
        if (credentials.length == 2) {
            cmd.add("--dest-creds=" + credentials[0] + ":" + credentials[1]);
        }
        cmd.add("oci:" + layout + ":latest");
        cmd.add("docker://" + host() + "/" + repoAndTag);
        run(cmd.toArray(String[]::new));
    }
}
