package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Multi-stage, heredocs, ADD of a tar, .dockerignore, ARG scoping, and bad input that must tag nothing. */
class DockerfileFeaturesTest {
    BuildFixture f;

    @BeforeEach
    void setUp() throws IOException {
        f = new BuildFixture();
    }

    @AfterEach
    void tearDown() throws IOException {
        f.close();
    }

    @Test
    void multiStage_heredocs_argScoping_andUnusedStagesSkipped() throws Exception {
        Path ctx = f.context(Map.of("Dockerfile", """
                ARG GREETING=hello
                FROM busybox AS unused
                RUN exit 1
                FROM busybox AS build
                ARG GREETING
                ARG LOCAL=local
                RUN <<EOF
                echo "$GREETING from $LOCAL" > /out.txt
                echo second >> /out.txt
                EOF
                FROM busybox
                ARG LOCAL
                COPY --from=build /out.txt /final/
                COPY <<-EOT /final/note
                \tgreeting=${GREETING:-unset} local=${LOCAL:-unset}
                \tEOT
                """));
        BuildFixture.Result r = f.build(ctx);
        Digest id = r.image();
        assertThat(r.output()).doesNotContain("RUN exit 1");
        assertThat(f.run(id, "cat", "/final/out.txt", "/final/note"))
                .isEqualTo("hello from local\nsecond\ngreeting=unset local=unset\n");
    }

    @Test
    void addTar_dockerignore_andChown() throws Exception {
        Path ctx = f.context(Map.of("Dockerfile", """
                FROM busybox
                ADD files.tar.gz /opt/
                COPY --chown=1234:5678 --chmod=640 . /ctx/
                """, ".dockerignore", "secret*\n*.tar.gz\n!files.tar.gz\n", "secret.txt", "no", "app.txt", "yes",
                "other.tar.gz", "x"));
        writeTarGz(ctx.resolve("files.tar.gz"));
        BuildFixture.Result r = f.build(ctx);
        Digest id = r.image();
        assertThat(f.run(id, "cat", "/opt/inside/a.txt")).isEqualTo("from the tar\n");
        assertThat(f.run(id, "sh", "-c", "ls -A /ctx | sort; stat -c '%u:%g %a' /ctx/app.txt"))
                .isEqualTo(".dockerignore\nDockerfile\napp.txt\nfiles.tar.gz\n1234:5678 640\n");
    }

    @Test
    void badInput_clearErrors_andNothingTagged() throws Exception {
        BuildOptions tagged = BuildOptions.defaults().withTags(java.util.List.of(
                dev.berth.oci.reference.Reference.parse("must-not:exist")));
        BuildFixture.Result missing = f.build(f.context(Map.of("Dockerfile", "FROM busybox\nCOPY nothere /x\n")),
                tagged);
        assertThat(missing.error()).get().extracting(Throwable::getMessage).isEqualTo("COPY failed: file not found "
                + "in build context or excluded by .dockerignore: stat nothere: file does not exist");
        BuildFixture.Result failing = f.build(f.context(Map.of("Dockerfile",
                "FROM busybox\nRUN echo visible; exit 7\n")), tagged);
        assertThat(failing.error()).get().extracting(Throwable::getMessage)
                .isEqualTo("The command '/bin/sh -c echo visible; exit 7' returned a non-zero code: 7");
        assertThat(failing.output()).contains("visible\n");
        Path ctx = f.context(Map.of("Dockerfile", "FROM busybox\nCOPY link /x\n"));
        Files.createSymbolicLink(ctx.resolve("link"), Path.of("/etc/passwd"));
        BuildFixture.Result outside = f.build(ctx, tagged);
        assertThat(outside.error()).get().extracting(Throwable::getMessage).asString()
                .startsWith("COPY failed: file not found in build context");
        assertThat(f.store.find("must-not:exist")).isEqualTo(Optional.empty());
    }

    private static void writeTarGz(Path file) throws IOException {
        try (OutputStream raw = Files.newOutputStream(file);
                var gz = new java.util.zip.GZIPOutputStream(raw);
                TarArchiveOutputStream tar = new TarArchiveOutputStream(gz)) {
            byte[] data = "from the tar\n".getBytes();
            TarArchiveEntry dir = new TarArchiveEntry("inside/");
            tar.putArchiveEntry(dir);
            tar.closeArchiveEntry();
            TarArchiveEntry e = new TarArchiveEntry("inside/a.txt");
            e.setSize(data.length);
            tar.putArchiveEntry(e);
            tar.write(data);
            tar.closeArchiveEntry();
        }
    }

    @Test
    void addUrl_downloadsWithMode600_andTargetStopsAtItsStage() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/files/remote.txt", exchange -> {
            byte[] body = "remote\n".getBytes();
            exchange.getResponseHeaders().add("Last-Modified", "Wed, 21 Oct 2015 07:28:00 GMT");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/files/remote.txt";
            Path ctx = f.context(Map.of("Dockerfile", "FROM busybox AS first\nADD " + url + " /dl/\n"
                    + "FROM first\nRUN exit 9\n"));
            BuildFixture.Result r = f.build(ctx, BuildOptions.defaults().withTarget("first"));
            assertThat(f.run(r.image(), "sh", "-c", "cat /dl/remote.txt; stat -c '%a %Y' /dl/remote.txt"))
                    .isEqualTo("remote\n600 1445412480\n");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void metadataInstructions_andOnbuildTriggers() throws Exception {
        Path parent = f.context(Map.of("Dockerfile", """
                FROM busybox
                SHELL ["/bin/sh", "-ec"]
                CMD ["inherited"]
                ENTRYPOINT echo entry
                EXPOSE 80 53/udp 8000-8001
                VOLUME /data
                STOPSIGNAL SIGQUIT
                HEALTHCHECK --interval=5s --retries=2 CMD wget -q localhost
                ONBUILD RUN echo triggered > /onbuild
                """));
        Digest base = f.build(parent, BuildOptions.defaults().withTags(java.util.List.of(
                dev.berth.oci.reference.Reference.parse("parent:latest")))).image();
        var c = f.store.config(base).configOrEmpty();
        assertThat(c.shell()).contains(java.util.List.of("/bin/sh", "-ec"));
        assertThat(c.entrypoint()).contains(java.util.List.of("/bin/sh", "-ec", "echo entry"));
        assertThat(c.cmd()).as("set in this stage, so ENTRYPOINT keeps it").contains(java.util.List.of("inherited"));
        assertThat(c.exposedPorts().orElseThrow()).containsExactlyInAnyOrder("80/tcp", "53/udp", "8000/tcp",
                "8001/tcp");
        assertThat(c.volumes()).contains(java.util.List.of("/data"));
        assertThat(c.stopSignal()).contains("SIGQUIT");
        assertThat(c.healthcheck().orElseThrow().test()).containsExactly("CMD-SHELL", "wget -q localhost");
        assertThat(c.healthcheck().orElseThrow().interval()).contains(5_000_000_000L);
        assertThat(c.onBuild()).contains(java.util.List.of("RUN echo triggered > /onbuild"));
        BuildFixture.Result child = f.build(f.context(Map.of("Dockerfile", "FROM parent\nRUN cat /onbuild\n")));
        assertThat(child.output()).contains("# Executing 1 build trigger", "triggered\n");
        assertThat(f.store.config(child.image()).configOrEmpty().onBuild()).isEmpty();
    }
}
