package dev.berth.engine.build;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.build.context.BuildContext;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.spec.ContainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** RUN's environment (SHELL, ENV, USER, WORKDIR, proxy args), COPY globs, {@code -f}, {@code --no-cache}, stages at once. */
class BuildInstructionsTest {
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
    void run_usesShellEnvUserAndWorkdir_andSeesProxyArgsThatStayOutOfHistory() throws Exception {
        Path ctx = f.context(Map.of("Dockerfile", """
                FROM busybox
                SHELL ["/bin/sh", "-ec"]
                ENV GREETING=hi
                WORKDIR /work
                USER 1000:1000
                RUN echo "$GREETING $(id -u):$(id -g) $(pwd) ${HTTP_PROXY:-none}" > /tmp/run.txt; \\
                    case $- in *e*) echo errexit >> /tmp/run.txt;; esac
                """));
        BuildFixture.Result r = f.build(ctx, BuildOptions.defaults().withBuildArgs(Map.of(
                "HTTP_PROXY", Optional.of("http://proxy.invalid:3128"), "UNUSED", Optional.of("x"))));
        Digest id = r.image();
        assertThat(f.run(id, "cat", "/tmp/run.txt")).isEqualTo("hi 1000:1000 /work http://proxy.invalid:3128\n"
                + "errexit\n");
        assertThat(f.store.config(id).history()).noneSatisfy(h -> assertThat(h.createdBy().orElse(""))
                .contains("proxy.invalid"));
        assertThat(r.output()).contains("[Warning] One or more build-args [UNUSED] were not consumed")
                .doesNotContain("HTTP_PROXY] were not consumed");
    }

    @Test
    void copyGlobs_anotherDockerfile_andNoCacheRunsEveryStepAgain() throws Exception {
        Path ctx = f.context(Map.of("build/Other.Dockerfile", """
                FROM busybox
                COPY *.txt /glob/
                RUN cat /proc/sys/kernel/random/uuid > /stamp
                """, "a.txt", "a", "b.txt", "b", "c.md", "c"));
        BuildOptions options = BuildOptions.defaults().withDockerfile("build/Other.Dockerfile");
        BuildFixture.Result first = f.build(ctx, options);
        assertThat(f.run(first.image(), "ls", "/glob")).isEqualTo("a.txt\nb.txt\n");
        BuildFixture.Result cached = f.build(ctx, options);
        assertThat(cached.image()).isEqualTo(first.image());
        BuildFixture.Result fresh = f.build(ctx, options.withNoCache(true));
        assertThat(fresh.output()).doesNotContain("Using cache").contains("Running in");
        assertThat(fresh.image()).isNotEqualTo(first.image());
        assertThat(f.run(fresh.image(), "cat", "/stamp")).isNotEqualTo(f.run(first.image(), "cat", "/stamp"));
    }

    @Test
    void independentStages_runTheirStepsAtTheSameTime() throws Exception {
        // Each RUN waits for the other stage's RUN to start: built one after the other, the first would wait in vain.
        CountDownLatch both = new CountDownLatch(2);
        CommandRunner rendezvous = new CommandRunner() {
            @Override
            public int run(Path rootfs, ContainerConfig config, List<String> argv, List<String> extraEnv,
                    BuildProgress progress) {
                both.countDown();
                try {
                    return both.await(60, TimeUnit.SECONDS) ? 0 : 99;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return 98;
                }
            }
        };
        Builder builder = f.newBuilder(rendezvous);
        Path ctx = f.context(Map.of("Dockerfile", """
                FROM busybox AS a
                RUN stage a
                FROM busybox AS b
                RUN stage b
                FROM busybox
                COPY --from=a /etc/passwd /a
                COPY --from=b /etc/passwd /b
                """));
        BuildContext context = BuildContext.of(ctx);
        BuildFixture.Recorder out = new BuildFixture.Recorder();
        Digest id = builder.build(context, builder.dockerfile(context, BuildOptions.defaults()),
                BuildOptions.defaults(), out);
        assertThat(f.store.find(id.toString())).isPresent();
        String text = out.text.toString();
        assertThat(text.indexOf("Step 2/7 : RUN stage a")).as("output kept in stage order: " + text)
                .isLessThan(text.indexOf("Step 4/7 : RUN stage b"));
    }
}
