package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.layer.FileTree;
import dev.berth.client.testing.DistributionRegistry;
import dev.berth.client.testing.FrontProxy;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.oci.layout.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pulls through berthd and the real docker CLI that meet a registry killed mid-download, a second pull of the same
 * image, and malformed references. The registry sits behind a {@link FrontProxy} that can hold a blob download
 * half-way and records every request, so the tests see the Range requests of a resume and count the downloads.
 */
@Timeout(300)
class DockerCliPullFaultsTest {
    /** busybox's one layer is about 1 MB: hold or cut well inside it. */
    private static final long CUT = 300_000;

    private Path dir;
    private DistributionRegistry registry;
    private FrontProxy proxy;
    private RunningDaemon daemon;
    private DockerCli docker;

    @BeforeEach
    void start() throws IOException {
        dir = Files.createTempDirectory(Path.of("/tmp"), "berthd-faults-");
        registry = DistributionRegistry.open(dir.resolve("registry"));
        registry.push(TestImages.layout("busybox"), "library/busybox:latest");
        proxy = new FrontProxy(registry.uri());
        daemon = RunningDaemon.start(Files.createDirectory(dir.resolve("d")),
                dev.berth.engine.config.DaemonConfig.defaults());
        docker = daemon.docker();
    }

    @AfterEach
    void stop() throws Exception {
        daemon.close();
        proxy.close();
        registry.close();
        FileTree.delete(dir);
    }

    private String image() {
        return proxy.host() + "/library/busybox";
    }

    /** The Range header of each layer download the proxy saw ({@code none} for a whole one), once pulled. */
    private List<String> blobRanges() {
        String config = docker.run("image", "inspect", "--format", "{{.Id}}", image()).orFail().out().strip();
        return proxy.seen().stream().filter(s -> s.method().equals("GET") && s.path().contains("/blobs/sha256:")
                        && !s.path().endsWith(config))
                .map(s -> s.range().orElse("none")).toList();
    }

    /** A {@code docker pull} running in the background, its output going to {@code log}. */
    private Process pullInBackground(Path log) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(DockerCli.BINARY, "pull", image()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        pb.environment().put("DOCKER_HOST", docker.host());
        pb.environment().put("DOCKER_CONFIG", docker.configDir().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        return p;
    }

    private static void awaitLine(Path log, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!Files.exists(log) || !Files.readString(log).contains(text)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no \"" + text + "\" in " + log + ": "
                        + (Files.exists(log) ? Files.readString(log) : "(none)"));
            }
            Thread.sleep(20);
        }
    }

    @Test
    void registryKilledMidPull_thePullRetries_andResumesWithARangeRequestOnceItIsBack() throws Exception {
        proxy.pauseBlobsAfter(CUT);
        Path log = dir.resolve("pull.log");
        Process pull = pullInBackground(log);
        proxy.awaitPaused();
        // The layer is asked for while the config is on its way: kill the registry only once the config is in (the
        // layers are announced after it), or the config's request is the one that fails, and a config is not retried.
        awaitLine(log, "Pulling fs layer");
        registry.kill();
        proxy.releaseCut();
        awaitLine(log, "Retrying in");
        registry.start();
        assertThat(pull.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(pull.exitValue()).as(Files.readString(log)).isZero();
        assertThat(Files.readString(log)).contains("Status: Downloaded newer image for " + image() + ":latest");
        // The whole layer first, then a resume from where the kept bytes end: the cut, or a little before it when
        // the reset discarded bytes received but not yet read.
        List<String> ranges = blobRanges();
        assertThat(ranges).hasSizeGreaterThanOrEqualTo(2).first().isEqualTo("none");
        assertThat(ranges.getLast()).startsWith("bytes=").endsWith("-");
        assertThat(Long.parseLong(ranges.getLast().substring("bytes=".length(), ranges.getLast().length() - 1)))
                .isPositive().isLessThanOrEqualTo(CUT);
        assertThat(docker.run("images", "-q", image()).orFail().out()).isEqualTo("49a58c28208e\n");
    }

    @Test
    void twoConcurrentPullsOfTheSameImage_downloadTheLayerOnce_andBothSucceed() throws Exception {
        proxy.holdBlobsAfter(CUT);
        Process first = pullInBackground(dir.resolve("first.log"));
        proxy.awaitPaused();
        Path secondLog = dir.resolve("second.log");
        Process second = pullInBackground(secondLog);
        awaitLine(secondLog, "Waiting");
        proxy.releaseCut();
        for (Process p : List.of(first, second)) {
            assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(p.exitValue()).isZero();
        }
        assertThat(blobRanges()).containsExactly("none");
        assertThat(Files.readString(secondLog)).contains(image() + ":latest");
        assertThat(docker.run("images", "-q", image()).orFail().lines()).hasSize(1);
    }

    @Test
    void malformedReferences_areRefused_withDockersMessagesAndExitCodes() throws Exception {
        DockerCli.Result upper = docker.run("pull", registry.host() + "/library/Busybox");
        assertThat(upper.exitCode()).isEqualTo(1);
        assertThat(upper.err()).contains("invalid reference format: repository name (library/Busybox) must be"
                + " lowercase");
        DockerCli.Result emptyTag = docker.run("pull", "busybox:");
        assertThat(emptyTag.exitCode()).isEqualTo(1);
        assertThat(emptyTag.err()).contains("invalid reference format");
        DockerCli.Result badTag = docker.run("tag", "busybox", "busybox:-bad");
        assertThat(badTag.exitCode()).isEqualTo(1);
        assertThat(badTag.err()).contains("invalid reference format");

        // What the CLI would refuse itself, sent straight to the API: dockerd's 400 and message.
        String api = "curl -s -w '\\n%{http_code}' --unix-socket " + daemon.socket() + " -X POST 'http://d/v1.50/";
        assertThat(docker.shell(api + "images/create?fromImage=Busybox&tag=latest'").orFail().out()
                .replace("\n\n", "\n")).isEqualTo("{\"message\":\"invalid reference format: repository name"
                        + " (library/Busybox) must be lowercase\"}\n400");
        for (String tag : List.of("-bad", "sha256:abc")) {
            assertThat(docker.shell(api + "images/create?fromImage=busybox&tag=" + tag + "'").orFail().out()
                    .replace("\n\n", "\n")).isEqualTo("{\"message\":\"invalid tag format\"}\n400");
        }
    }
}
