package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.client.testing.DistributionRegistry;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import dev.berth.oci.layout.TestImages;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@code DOCKER_BUILDKIT=0 docker build} (the docker CLI 28, classic builder API) against berthd. */
class DockerCliBuildTest {
    static RunningDaemon daemon;
    static DockerCli docker;

    @BeforeAll
    static void start() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "builds mount overlays: need root");
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
    }

    @AfterAll
    static void stop() throws IOException {
        if (daemon != null) {
            daemon.close();
        }
    }

    private static DockerCli.Result build(Path ctx, String... args) {
        return docker.shell("cd " + ctx + " && DOCKER_BUILDKIT=0 " + DockerCli.BINARY + " build "
                + String.join(" ", args) + " . 2>&1");
    }

    private static Path context(String dockerfile) throws IOException {
        Path ctx = Files.createTempDirectory(daemon.dir(), "ctx-");
        Files.writeString(ctx.resolve("Dockerfile"), dockerfile);
        return ctx;
    }

    @Test
    void build_tagsTwice_printsClassicSteps_andTheImageRuns() throws IOException {
        Path ctx = context("""
                FROM busybox
                COPY hello.txt /srv/
                RUN cat /srv/hello.txt | tr a-z A-Z > /srv/upper
                CMD ["cat", "/srv/upper"]
                """);
        Files.writeString(ctx.resolve("hello.txt"), "hello\n");
        Path iid = daemon.dir().resolve("iid");
        DockerCli.Result r = build(ctx, "-t", "built:1", "-t", "built:2", "--iidfile", iid.toString(),
                "--label", "made.by=test");
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(r.out()).contains("Step 1/5 : FROM busybox", "Step 3/5 : RUN cat /srv/hello.txt | tr a-z A-Z > /srv/upper",
                "Successfully tagged built:1", "Successfully tagged built:2");
        String id = Files.readString(iid).strip();
        assertThat(docker.run("image", "inspect", "-f", "{{.Id}} {{index .Config.Labels \"made.by\"}}", "built:2")
                .orFail().out().strip()).isEqualTo(id + " test");
        assertThat(docker.run("history", "--no-trunc", "--format", "{{.CreatedBy}}", "built:1").orFail().out())
                .contains("/bin/sh -c cat /srv/hello.txt | tr a-z A-Z > /srv/upper");
        DockerCli.Result again = build(ctx, "-t", "built:1");
        assertThat(again.out().split("Using cache", -1)).as(again.out()).hasSize(4);
    }

    @Test
    void dashF_outsideTheContext_isSentInIt_andHiddenFromCopy() throws IOException {
        // The docker CLI appends such a Dockerfile to the context tar without padding or end-of-archive blocks.
        Path ctx = Files.createTempDirectory(daemon.dir(), "ctx-");
        Files.writeString(ctx.resolve("a.txt"), "a\n");
        Path elsewhere = Files.writeString(Files.createTempDirectory(daemon.dir(), "df-").resolve("Dfile"), """
                FROM busybox
                COPY . /ctx/
                CMD ["ls", "-A", "/ctx"]
                """);
        DockerCli.Result r = build(ctx, "-f", elsewhere.toString(), "-t", "outside:1");
        assertThat(r.exitCode()).as(r.out()).isZero();
        assertThat(docker.run("run", "--rm", "outside:1").orFail().out()).isEqualTo("a.txt\n");
    }

    @Test
    void featureDockerfile_runsAsBuilt_isCachedAtEveryStep_andAChangedFileBustsFromItsStep() throws Exception {
        Path ctx = context("""
                ARG BASE=busybox
                FROM $BASE AS build
                ARG WHO=world
                RUN <<EOF
                mkdir -p /out
                echo "hello $WHO" > /out/greeting
                EOF
                FROM busybox
                WORKDIR /app
                ADD files.tar unpacked/
                COPY --from=build /out/greeting ./
                COPY *.txt ./
                USER 1000:1000
                RUN id -u > /tmp/uid && pwd > /tmp/pwd
                CMD ["sh", "-c", "cat greeting app.txt unpacked/inside.txt /tmp/uid /tmp/pwd; ls -A"]
                """);
        Files.writeString(ctx.resolve("app.txt"), "app\n");
        Files.writeString(ctx.resolve("secret.txt"), "secret\n");
        Files.writeString(ctx.resolve(".dockerignore"), "secret.txt\n");
        Path inside = Files.createDirectories(daemon.dir().resolve("tar-src"));
        Files.writeString(inside.resolve("inside.txt"), "from the tar\n");
        docker.shell("tar -C " + inside + " -cf " + ctx.resolve("files.tar") + " inside.txt").orFail();
        DockerCli.Result first = build(ctx, "-t", "features:1");
        assertThat(first.exitCode()).as(first.out()).isZero();
        assertThat(docker.run("run", "--rm", "features:1").orFail().out())
                .isEqualTo("hello world\napp\nfrom the tar\n1000\n/app\napp.txt\ngreeting\nunpacked\n");
        DockerCli.Result again = build(ctx, "-t", "features:1");
        assertThat(again.out().split("Using cache", -1)).as(again.out()).hasSize(10);
        Files.writeString(ctx.resolve("app.txt"), "changed\n");
        DockerCli.Result changed = build(ctx, "-t", "features:2");
        assertThat(changed.exitCode()).as(changed.out()).isZero();
        assertThat(changed.out().split("Using cache", -1)).as(changed.out()).hasSize(6);
        assertThat(changed.out()).contains("Step 7/11 : COPY --from=build /out/greeting ./\n ---> Using cache")
                .doesNotContain("Step 8/11 : COPY *.txt ./\n ---> Using cache");
        assertThat(docker.run("run", "--rm", "features:2").orFail().out()).startsWith("hello world\nchanged\n");
    }

    @Test
    void networkHost_letsRunReachTheHostsLoopback_whileByDefaultItHasOnlyItsOwn() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/data", exchange -> {
            byte[] body = "served\n".getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            Path ctx = context("FROM busybox\nRUN wget -q -O /data http://127.0.0.1:" + server.getAddress().getPort()
                    + "/data\n");
            DockerCli.Result host = build(ctx, "--network", "host", "-t", "net:host");
            assertThat(host.exitCode()).as(host.out()).isZero();
            assertThat(docker.run("run", "--rm", "net:host", "cat", "/data").orFail().out()).isEqualTo("served\n");
            DockerCli.Result own = build(ctx, "--no-cache", "-t", "net:own");
            assertThat(own.exitCode()).as(own.out()).isNotZero();
            assertThat(own.out()).contains("returned a non-zero code");
            assertThat(docker.run("image", "inspect", "net:own").exitCode()).isEqualTo(1);
        } finally {
            server.stop(0);
        }
    }

    @Test
    void failingRun_showsOutputAndExitCode_andTagsNothing() throws IOException {
        Path ctx = context("FROM busybox\nRUN echo out; echo err >&2; exit 3\n");
        DockerCli.Result r = build(ctx, "-t", "never:tagged");
        assertThat(r.exitCode()).as(r.out() + r.err()).isEqualTo(3);
        assertThat(r.out()).contains("out\n", "err", "The command '/bin/sh -c echo out; echo err >&2; exit 3'"
                + " returned a non-zero code: 3");
        assertThat(docker.run("image", "inspect", "never:tagged").exitCode()).isEqualTo(1);
    }

    @Test
    void parseErrors_comeBackWithTheLine() throws IOException {
        DockerCli.Result r = build(context("FROM busybox\nRUN true\nFORM x\n"), "-t", "bad:1");
        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.out()).contains("Error response from daemon: dockerfile parse error line 3: unknown instruction: FORM");
        DockerCli.Result missing = build(context("FROM busybox\nCOPY nothere /x\n"), "-t", "bad:2");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.out()).contains("COPY failed: file not found in build context or excluded by "
                + ".dockerignore: stat nothere: file does not exist");
        assertThat(docker.run("image", "inspect", "bad:2").exitCode()).isEqualTo(1);
    }

    @Test
    void aOneGibibyteContext_streamsThrough_failsClearly_andLeavesNothing() throws IOException {
        String script = "python3 -c \"import io,sys,tarfile\n"
                + "t = tarfile.open(fileobj=sys.stdout.buffer, mode='w|')\n"
                + "df = b'FROM busybox\\nCOPY nothere /x\\n'\n"
                + "i = tarfile.TarInfo('Dockerfile'); i.size = len(df); t.addfile(i, io.BytesIO(df))\n"
                + "class Zeros(io.RawIOBase):\n"
                + "    def readinto(self, b):\n"
                + "        b[:] = bytes(len(b)); return len(b)\n"
                + "i = tarfile.TarInfo('big.bin'); i.size = 1 << 30; t.addfile(i, io.BufferedReader(Zeros()))\n"
                + "t.close()\" | curl -sS --unix-socket " + daemon.socket() + " -H 'Content-Type: application/x-tar'"
                + " --data-binary @- 'http://localhost/v1.41/build?t=big:1'";
        DockerCli.Result r = docker.shell(script);
        assertThat(r.out()).contains("\"errorDetail\"", "COPY failed: file not found in build context");
        assertThat(docker.run("image", "inspect", "big:1").exitCode()).isEqualTo(1);
        try (var left = Files.list(daemon.dataRoot().resolve("build/tmp"))) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void fromAnImageNotHeld_pullsIt_andCopyFromAnImageToo() throws Exception {
        try (DistributionRegistry registry = DistributionRegistry.open(daemon.dir().resolve("registry"))) {
            registry.push(TestImages.layout("hello-world"), "library/hello:latest");
            String ref = registry.host() + "/library/hello";
            DockerCli.Result r = build(context("FROM " + ref + "\nCOPY --from=" + ref + " /hello /copied\n"),
                    "--pull", "-t", "pulled:1");
            assertThat(r.exitCode()).as(r.out()).isZero();
            assertThat(r.out()).contains("latest: Pulling from " + ref);
            assertThat(docker.run("image", "inspect", ref).exitCode()).isZero();
            assertThat(docker.run("history", "--format", "{{.CreatedBy}}", "pulled:1").orFail().out())
                    .contains("COPY file:");
        }
    }
}
