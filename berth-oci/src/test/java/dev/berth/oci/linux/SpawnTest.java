package dev.berth.oci.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpawnTest {
    @TempDir
    Path dir;

    @Test
    void child_getsTheDescriptorsAskedFor_noOtherOfThisProcess_theEnvironment_andNoSignalBlockedOrIgnored()
            throws Exception {
        Path err = dir.resolve("err");
        Files.writeString(err, "before\n");
        int append = Spawn.OpenFile.O_WRONLY | Spawn.OpenFile.O_CREAT | Spawn.OpenFile.O_APPEND;
        Spawn child = Spawn.start(List.of("/bin/sleep", "60"), Map.of("GREETING", "hello"),
                List.of(new Spawn.OpenFile(0, Path.of("/dev/null"), Spawn.OpenFile.O_RDONLY),
                        new Spawn.OpenFile(1, dir.resolve("out"), append), new Spawn.OpenFile(2, err, append),
                        new Spawn.PipeToParent(3)));
        try {
            Path proc = Path.of("/proc", Long.toString(child.pid()));
            awaitExec(proc);
            // Each of the JVM's own descriptors (jars, sockets, the pipe's other ends) is closed in the child.
            try (var fds = Files.list(proc.resolve("fd"))) {
                assertThat(fds.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("0", "1", "2", "3");
            }
            assertThat(Files.readSymbolicLink(proc.resolve("fd/0"))).isEqualTo(Path.of("/dev/null"));
            assertThat(Files.readSymbolicLink(proc.resolve("fd/2"))).isEqualTo(err);
            assertThat(Files.readSymbolicLink(proc.resolve("fd/3")).toString()).startsWith("pipe:");
            assertThat(dir.resolve("out")).exists();
            assertThat(Files.readString(proc.resolve("environ")).split("\0")).contains("GREETING=hello");
            List<String> status = Files.readAllLines(proc.resolve("status"));
            assertThat(status).contains("SigBlk:\t0000000000000000");
            // Signals 1-31 at their default (glibc keeps its own real-time signals 32 and 33 apart).
            long ignored = status.stream().filter(l -> l.startsWith("SigIgn:")).mapToLong(
                    l -> Long.parseUnsignedLong(l.substring(7).strip(), 16)).findFirst().orElseThrow();
            assertThat(ignored & 0x7fffffffL).isZero();
        } finally {
            ProcessHandle.of(child.pid()).ifPresent(ProcessHandle::destroyForcibly);
        }
        OptionalInt status = awaitExit(child);
        assertThat(status.getAsInt() & 0x7f).as("killed by").isEqualTo(9);
        assertThat(child.reap()).as("collected once, kept").isEqualTo(status);
        child.output(3).close();
    }

    @Test
    void pipeToParent_carriesWhatTheChildWrites_toTheEndOfFileItsExitMakes() throws Exception {
        Spawn child = Spawn.start(List.of("/bin/sh", "-c", "echo \"$GREETING\" >&3; exit 3"),
                Map.of("GREETING", "hello"), List.of(new Spawn.PipeToParent(3)));
        try (InputStream in = child.output(3)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello\n");
        }
        assertThat(awaitExit(child).getAsInt() >> 8).as("exit code").isEqualTo(3);
    }

    /**
     * Waits until the child runs its program (posix_spawn returns when it has exec'd; /proc may lag behind): its
     * name, then its environment, which the kernel's exec sets up after the name (environ reads empty between).
     */
    private static void awaitExec(Path proc) throws IOException, InterruptedException {
        for (int i = 0; i < 3000 && (!Files.readString(proc.resolve("comm")).strip().equals("sleep")
                || Files.readString(proc.resolve("environ")).isEmpty()); i++) {
            Thread.sleep(10);
        }
    }

    @Test
    void aMissingProgram_failsTheStart() {
        Path missing = dir.resolve("none");
        assertThatThrownBy(() -> Spawn.start(List.of(missing.toString()), Map.of(), List.of()))
                .isInstanceOf(ErrnoException.class).hasMessageContaining("spawn " + missing)
                .hasMessageContaining("No such file or directory");
    }

    private static OptionalInt awaitExit(Spawn child) throws IOException, InterruptedException {
        for (int i = 0; i < 3000; i++) {
            OptionalInt status = child.reap();
            if (status.isPresent()) {
                return status;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("child " + child.pid() + " did not exit");
    }
}
