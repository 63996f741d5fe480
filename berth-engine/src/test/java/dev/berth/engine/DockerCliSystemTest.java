package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@code docker info} and {@code docker system df} count containers as dockerd does, through the real docker CLI. */
class DockerCliSystemTest {
    private RunningDaemon daemon;
    private DockerCli docker;

    @BeforeEach
    void start() throws Exception {
        RootOnly.assume();
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
    }

    @AfterEach
    void stop() throws Exception {
        if (daemon == null) {
            return;
        }
        daemon.removeContainersAndClose(List.of());
    }

    @Test
    void infoAndSystemDf_countContainersByState_withTheirLayerSizes() {
        String counts = "{{.Containers}} {{.ContainersRunning}} {{.ContainersPaused}} {{.ContainersStopped}}";
        assertThat(docker.run("info", "--format", counts).orFail().out()).isEqualTo("0 0 0 0\n");

        docker.run("run", "-d", "--name", "up", "busybox", "sh", "-c", "echo 12345 > /grown; exec sleep 1000")
                .orFail();
        docker.run("run", "-d", "--name", "held", "busybox", "sleep", "1000").orFail();
        docker.run("pause", "held").orFail();
        docker.run("run", "--name", "done", "busybox", "sh", "-c", "head -c 1000 /dev/zero > /big").orFail();
        docker.run("create", "--name", "fresh", "busybox").orFail();
        waitForFile("up", "/grown");

        assertThat(docker.run("info", "--format", counts).orFail().out()).isEqualTo("4 1 1 2\n");

        // docker's disk-usage table: running, paused and restarting containers are active; the size is the sum of
        // their container layers (SizeRw), the reclaimable part that of the others.
        List<String> df = docker.run("system", "df", "--format",
                "{{.Type}} {{.TotalCount}} {{.Active}} {{.Size}} {{.Reclaimable}}").orFail().lines();
        assertThat(df).contains("Containers 4 2 1.006kB 1kB (99%)");
        assertThat(df.stream().filter(l -> l.startsWith("Images ")).findFirst().orElseThrow())
                .as("an image in use by containers is active").startsWith("Images 1 1 ");

        List<String> verbose = docker.run("system", "df", "-v", "--format",
                "{{range .Containers}}{{.Names}} {{.Size}} {{.Status}}\n{{end}}").orFail().lines();
        assertThat(verbose).anySatisfy(l -> assertThat(l).startsWith("done 1kB Exited (0) "))
                .anySatisfy(l -> assertThat(l).startsWith("up 6B Up "))
                .anySatisfy(l -> assertThat(l).startsWith("fresh 0B Created"));
        assertThat(docker.run("system", "df", "-v", "--format", "{{range .Images}}{{.Containers}}{{end}}")
                .orFail().out().strip()).as("the image's containers").isEqualTo("4");

        assertThat(docker.run("ps", "-a", "-s", "--filter", "name=done", "--format", "{{.Size}}").orFail().out())
                .matches("1kB \\(virtual [0-9.]+[kM]B\\)\n");
    }

    private void waitForFile(String container, String path) {
        for (int i = 0; docker.run("exec", container, "test", "-s", path).exitCode() != 0; i++) {
            assertThat(i).as(container + " wrote " + path).isLessThan(100);
        }
    }
}
