package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.ContainerConfig;
import dev.berth.oci.spec.ImageConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Real builds: busybox, overlay workspaces, RUN in runc containers. */
class BuilderTest {
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
    void copyRunAndMetadata_makeLayersAndConfig_andRunAsBuilt() throws Exception {
        Path ctx = f.context(Map.of("Dockerfile", """
                FROM busybox
                ARG V=1
                ENV X=$V
                COPY a.txt /app/
                RUN echo built-$X > /app/b && mkdir -p /data
                WORKDIR /app
                USER 1000:1000
                LABEL k=v
                CMD ["cat", "b"]
                """, "a.txt", "hello\n"));
        BuildFixture.Result r = f.build(ctx);
        Digest id = r.image();
        assertThat(r.steps()).startsWith("Step 1/9 : FROM busybox").contains("Step 5/9 : RUN echo built-$X > /app/b && mkdir -p /data");
        ImageConfig config = f.store.config(id);
        ContainerConfig c = config.configOrEmpty();
        assertThat(c.env().orElseThrow()).contains("X=1");
        assertThat(c.workingDir()).contains("/app");
        assertThat(c.user()).contains("1000:1000");
        assertThat(c.labels()).containsEntry("k", "v");
        assertThat(c.cmd()).contains(List.of("cat", "b"));
        assertThat(config.history().stream().map(h -> h.createdBy().orElse("")).toList())
                .contains("/bin/sh -c #(nop)  ENV X=1", "|1 V=1 /bin/sh -c echo built-$X > /app/b && mkdir -p /data")
                .anySatisfy(s -> assertThat(s).matches("/bin/sh -c #\\(nop\\) COPY file:[0-9a-f]{64} in /app/ "));
        assertThat(f.store.get(id.toString()).layers()).hasSize(3);
        assertThat(f.run(id, "cat", "/app/a.txt", "/app/b")).isEqualTo("hello\nbuilt-1\n");
        assertThat(f.run(id, "sh", "-c", "pwd; id -u; ls -ld /data | cut -c1-10")).isEqualTo("/app\n1000\ndrwxr-xr-x\n");
    }

    @Test
    void secondBuild_hitsTheCacheAtEveryStep_andAChangedFileBustsItFromThatStepOn() throws Exception {
        Path ctx = f.context(Map.of("Dockerfile", """
                FROM busybox
                ENV A=1
                COPY a.txt /a.txt
                RUN cat /a.txt > /copy
                LABEL done=yes
                """, "a.txt", "one\n"));
        BuildFixture.Result first = f.build(ctx);
        BuildFixture.Result second = f.build(ctx);
        assertThat(second.image()).isEqualTo(first.image());
        assertThat(second.output().split(" ---> Using cache\n", -1)).hasSize(5);
        Files.writeString(ctx.resolve("a.txt"), "two\n");
        BuildFixture.Result third = f.build(ctx);
        assertThat(third.image()).isNotEqualTo(first.image());
        assertThat(third.output().split(" ---> Using cache\n", -1)).hasSize(2);
        assertThat(third.output()).contains("Step 2/5 : ENV A=1\n ---> Using cache\n");
        assertThat(third.output()).doesNotContain("Step 3/5 : COPY a.txt /a.txt\n ---> Using cache");
        assertThat(f.run(third.image(), "cat", "/copy")).isEqualTo("two\n");
    }

    @Test
    void aRunThatChangesNoFile_makesNoLayer() throws Exception {
        Path ctx = f.context(Map.of("Dockerfile", "FROM busybox\nRUN true\n"));
        Digest id = f.build(ctx).image();
        assertThat(f.store.get(id.toString()).layers()).hasSize(1);
        assertThat(f.store.config(id).history().getLast().emptyLayer()).isTrue();
    }

    @Test
    void theCacheSurvivesADaemonRestart_inTheTargetAndInTheStagesItCopiesFrom() throws Exception {
        Path ctx = f.context(Map.of("Dockerfile", """
                FROM busybox AS tools
                RUN echo tool > /tool
                FROM busybox
                ENV A=1
                COPY a.txt /a.txt
                RUN cat /a.txt > /copy
                COPY --from=tools /tool /tool
                """, "a.txt", "one\n"));
        BuildFixture.Result first = f.build(ctx, BuildOptions.defaults().withTags(List.of(
                dev.berth.oci.reference.Reference.parse("cached:1"))));
        f.restart();
        BuildFixture.Result second = f.build(ctx);
        assertThat(second.image()).isEqualTo(first.image());
        assertThat(second.output()).doesNotContain("Running in");
        assertThat(second.output().split(" ---> Using cache\n", -1)).as(second.output()).hasSize(6);
    }
}
