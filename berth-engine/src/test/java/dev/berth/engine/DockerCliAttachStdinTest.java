package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import dev.berth.oci.linux.Carriers;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Attached clients whose stdin the container never reads, through the real docker CLI 28. Once the container's stdin
 * pipe is full conmon stops reading its attach socket, and the daemon's forwarder waits in send(2) for as long as the
 * container runs: as many such waits as the virtual-thread scheduler has carriers (2 on a 2-core host) froze the whole
 * daemon while each held a carrier.
 */
class DockerCliAttachStdinTest {
    /** Where the kernel shows a thread waiting for room in a unix socket's send buffer ({@code /proc/…/wchan}). */
    private static final String SEND_WAIT = "sock_alloc_send_pskb";

    @TempDir
    Path dir;

    @Test
    void attachesStuckSendingStdin_asManyAsCarriers_leaveTheDaemonAnswering() throws Exception {
        RootOnly.assume();
        int carriers = Carriers.count();
        // Far more than conmon's socket, the pipe and the daemon's request-body queue hold together.
        Path input = dir.resolve("zeros");
        Files.write(input, new byte[16 << 20]);
        RunningDaemon daemon = RunningDaemon.start();
        DockerCli docker = daemon.docker();
        List<String> ids = new ArrayList<>();
        List<Long> pids = new ArrayList<>();
        List<Process> clients = new ArrayList<>();
        try {
            docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
            for (int i = 0; i < carriers; i++) {
                String id = docker.run("run", "-di", "--network", "none", "busybox", "sleep", "600").orFail().out()
                        .strip();
                ids.add(id);
                pids.add(Long.parseLong(docker.run("inspect", "-f", "{{.State.Pid}}", id).orFail().out().strip()));
            }
            int before = sendWaiters();
            for (String id : ids) {
                clients.add(docker.command("attach", id).redirectInput(input.toFile())
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start());
            }
            awaitSendWaiters(before + carriers);

            assertThat(docker.runWithin(Duration.ofSeconds(60), "ps", "-q", "--no-trunc").orFail().lines())
                    .containsExactlyInAnyOrderElementsOf(ids);
            assertThat(docker.runWithin(Duration.ofSeconds(60), "exec", ids.get(0), "echo", "answered").orFail()
                    .out()).isEqualTo("answered\n");

            // Removing the containers ends the waits: nothing is left sending to a socket that is gone.
            List<String> rm = new ArrayList<>(List.of("rm", "-f"));
            rm.addAll(ids);
            docker.runWithin(Duration.ofSeconds(60), rm.toArray(String[]::new)).orFail();
            awaitSendWaitersAtMost(before);
        } finally {
            clients.forEach(Process::destroyForcibly);
            // A daemon that froze answers again once the containers are gone: their conmons close the sockets.
            pids.forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
            daemon.removeContainersAndClose(ids);
        }
    }

    /** Threads of this JVM (the daemon's among them) the kernel shows waiting to send on a unix socket. */
    private static int sendWaiters() throws IOException {
        int n = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : tasks.toList()) {
                try {
                    if (Files.readString(task.resolve("wchan")).strip().equals(SEND_WAIT)) {
                        n++;
                    }
                } catch (java.nio.file.NoSuchFileException e) {
                    // The thread ended between the listing and the read.
                }
            }
        }
        return n;
    }

    private static void awaitSendWaiters(int count) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        for (int n = sendWaiters(); n < count; n = sendWaiters()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(n + " of " + count + " threads waiting in " + SEND_WAIT + " after 60 s");
            }
            Thread.sleep(50);
        }
    }

    private static void awaitSendWaitersAtMost(int count) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        for (int n = sendWaiters(); n > count; n = sendWaiters()) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(n + " threads still waiting in " + SEND_WAIT
                        + " 60 s after their containers were removed (" + count + " before the test)");
            }
            Thread.sleep(50);
        }
    }
}
