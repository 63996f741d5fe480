package dev.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.linux.Syscalls;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The start's wait for the container's init to execute its command, on a process standing in for the init. */
class ExecWaitTest {
    private static final String INIT_NAME = "runc:[2:INIT]";

    @TempDir
    Path dir;

    /**
     * A command bearing the runtime init's name: the execve is seen by the executable's change, where a look at the
     * name alone waited out the whole second and went on as if the command had not started.
     */
    @Test
    void theExecveOfACommandNamedAsTheRuntimesInit_isSeen() throws Exception {
        Path command = Files.createDirectories(dir.resolve("bin")).resolve(INIT_NAME);
        Files.copy(Path.of("/bin/sleep"), command, StandardCopyOption.COPY_ATTRIBUTES);
        // As runc's init waits for runc start on its exec fifo, then executes the command.
        Path init = dir.resolve(INIT_NAME);
        Files.writeString(init, "#!/bin/sh\nread go < \"$1\"\nexec \"$2\" 30\n");
        Files.setPosixFilePermissions(init, PosixFilePermissions.fromString("rwx------"));
        Path fifo = dir.resolve("exec.fifo");
        Syscalls.mknod(fifo, Syscalls.S_IFIFO, 0600, 0);
        Process p = new ProcessBuilder(init.toString(), fifo.toString(), command.toString()).start();
        try {
            int pid = (int) p.pid();
            Optional<ContainerRuntime.Program> waiting = ContainerRuntime.program(pid);
            for (int i = 0; i < 500 && !waiting.map(w -> w.name().equals(INIT_NAME)).orElse(false); i++) {
                Thread.sleep(Duration.ofMillis(10));
                waiting = ContainerRuntime.program(pid);
            }
            assertThat(waiting).as("the stand-in waits on its fifo").isPresent()
                    .hasValueSatisfying(w -> assertThat(w.name()).isEqualTo(INIT_NAME));
            ContainerRuntime.Program runtime = waiting.orElseThrow();
            Files.writeString(fifo, "go\n", StandardCharsets.UTF_8, StandardOpenOption.WRITE);

            assertThat(ContainerRuntime.awaitExec(pid, runtime)).isTrue();
            assertThat(ContainerRuntime.program(pid)).hasValueSatisfying(running -> {
                assertThat(running.name()).isEqualTo(INIT_NAME);
                assertThat(running).isNotEqualTo(runtime);
            });
        } finally {
            p.destroyForcibly();
        }
    }
}
