package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.layer.FileTree;
import dev.berth.engine.testing.TestArchives;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A 1 GiB build context sent to a berthd process whose heap is capped far below it ({@code -Xmx160m}): the context
 * streams to disk, so the build succeeds, and the daemon keeps serving. The context is generated on the fly (zeros),
 * its big file excluded by {@code .dockerignore}, as docker accepts it.
 */
class BuildLargeContextTest {
    private Path dir;
    private Process daemon;

    @BeforeEach
    void setUp() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "builds mount overlays: need root");
        dir = Files.createTempDirectory(Path.of("/tmp"), "berthd-big-");
    }

    @AfterEach
    void tearDown() throws Exception {
        if (daemon != null) {
            daemon.destroy();
            if (!daemon.waitFor(30, TimeUnit.SECONDS)) {
                daemon.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        FileTree.delete(dir);
    }

    @Test
    void aOneGibibyteContext_buildsInABoundedHeap() throws Exception {
        Path socket = dir.resolve("d.sock");
        ThreadLocalRandom r = ThreadLocalRandom.current();
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx160m",
                "--enable-native-access=ALL-UNNAMED", "-cp", classPath(), DaemonMain.class.getName(),
                "--data-root", dir.resolve("root").toString(), "--host", "unix://" + socket,
                "--bridge", "bg" + Integer.toHexString(r.nextInt(0x100000, 0xffffff)),
                "--bip", "10." + r.nextInt(200, 250) + "." + r.nextInt(0, 256) + ".1/24"));
        daemon = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve("berthd.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(socket)) {
            assertThat(daemon.isAlive() && System.nanoTime() < deadline).as(log()).isTrue();
            Thread.sleep(100);
        }
        assertThat(sh("curl -sS --unix-socket " + socket + " -H 'Content-Type: application/x-tar' --data-binary @"
                + TestArchives.of("busybox") + " http://d/images/load")).contains("Loaded image");
        String build = sh("python3 -c \"import io,sys,tarfile\n"
                + "t = tarfile.open(fileobj=sys.stdout.buffer, mode='w|')\n"
                + "def add(name, data):\n"
                + "    i = tarfile.TarInfo(name); i.size = len(data); t.addfile(i, io.BytesIO(data))\n"
                + "add('Dockerfile', b'FROM busybox\\nCOPY . /ctx/\\n')\n"
                + "add('.dockerignore', b'big.bin\\n')\n"
                + "add('small.txt', b'small\\n')\n"
                + "class Zeros(io.RawIOBase):\n"
                + "    def readinto(self, b):\n"
                + "        b[:] = bytes(len(b)); return len(b)\n"
                + "i = tarfile.TarInfo('big.bin'); i.size = 1 << 30; t.addfile(i, io.BufferedReader(Zeros()))\n"
                + "t.close()\" | curl -sS --unix-socket " + socket + " -H 'Content-Type: application/x-tar'"
                + " --data-binary @- 'http://d/v1.41/build?t=big:ok'");
        assertThat(build).as(build + log()).contains("Successfully tagged big:ok").doesNotContain("errorDetail");
        assertThat(daemon.isAlive()).as(log()).isTrue();
        assertThat(log()).doesNotContain("OutOfMemoryError");
        assertThat(sh("curl -sS --unix-socket " + socket + " 'http://d/images/big:ok/json'"))
                .contains("\"RepoTags\":[\"big:ok\"]");
        try (var left = Files.list(dir.resolve("root/build/tmp"))) {
            assertThat(left).as("build contexts are removed").isEmpty();
        }
    }

    private String log() throws IOException {
        Path log = dir.resolve("berthd.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private static String sh(String script) throws Exception {
        Process p = new ProcessBuilder("/bin/bash", "-o", "pipefail", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(600, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static String classPath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }
}
