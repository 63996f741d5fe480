package dev.berth.cli.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.Leaks;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through berth and through the docker CLI against one daemon: the same messages on stderr, word for
 * word (the program's name aside), the same exit codes — 125 for the daemon's and the flags' errors, 126 and 127 for
 * commands that cannot run, 1 for the other commands' failures.
 */
@ExtendWith(EngineExtension.class)
class BadInputParityTest {
    @TempDir
    static Path config;
    static Clients clients;
    static String registry;
    static String busybox;
    static int closedPort;
    static EngineFixture engine;
    /** The containers the cases made, for the leak check against berthd (cgroups are looked for by id). */
    static final Set<String> seen = new java.util.HashSet<>();

    @BeforeAll
    static void setUp(EngineFixture engine) throws IOException {
        BadInputParityTest.engine = engine;
        clients = new Clients(engine, config);
        registry = engine.registry();
        busybox = registry + "/library/busybox:latest";
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        assertThat(clients.docker("pull", busybox).exit()).isZero();
        assertThat(clients.docker("run", "-d", "--name", "bad-taken", busybox, "sleep", "600").exit()).isZero();
        assertThat(clients.docker("run", "--name", "bad-stopped", busybox, "true").exit()).isZero();
    }

    @AfterAll
    static void removeContainers() {
        clients.docker("rm", "-f", "bad-taken", "bad-stopped");
    }

    static Stream<List<String>> commandLines() {
        return Stream.of(
                List.of("run", "--rm", "--pull", "never", "nosuchimage"),
                List.of("run", "--rm", "{registry}/library/nosuch"),
                List.of("run", "--rm", "127.0.0.1:{closed}/nosuch"),
                List.of("run", "{busybox}", "nope"),
                List.of("run", "--rm", "{busybox}", "nope"),
                List.of("run", "--rm", "--entrypoint", "nope", "{busybox}"),
                List.of("run", "{busybox}", "/etc/passwd"),
                List.of("run", "--rm", "{busybox}", "/etc"),
                List.of("run", "--rm", "-e", "=x", "{busybox}", "true"),
                List.of("create", "-e", "=x", "{busybox}"),
                List.of("exec", "-e", "=x", "bad-taken", "true"),
                List.of("run", "--rm", "-u", "nosuchuser", "{busybox}", "true"),
                List.of("run", "-u", "0:nosuchgroup", "{busybox}", "true"),
                List.of("run", "--rm", "--memory", "1x", "{busybox}", "true"),
                List.of("run", "--rm", "--memory", "-1", "{busybox}", "true"),
                List.of("update", "--memory", "1mbb", "bad-taken"),
                List.of("run", "--rm", "--memory", "4k", "{busybox}", "true"),
                List.of("run", "--rm", "--memory", "7m", "--memory-swap", "1m", "{busybox}", "true"),
                List.of("run", "--rm", "-w", "relative", "{busybox}", "pwd"),
                List.of("run", "--rm", "-w", "/etc/passwd", "{busybox}", "true"),
                List.of("run", "--rm", "--foo", "{busybox}"),
                List.of("create", "--name", "x", "{busybox}"),
                List.of("run", "--name", "bad-taken", "{busybox}", "true"),
                List.of("create", "--name", "bad-taken", "{busybox}"),
                List.of("rm", "bad-taken"),
                List.of("attach", "bad-stopped"),
                List.of("start", "nosuch"),
                List.of("rm", "nosuch"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("commandLines")
    void badInput_sameMessageAndExitCode_asDocker(List<String> template) {
        String[] args = template.stream().map(a -> a.replace("{busybox}", busybox).replace("{registry}", registry)
                .replace("{closed}", Integer.toString(closedPort))).toArray(String[]::new);
        Set<String> before = Set.copyOf(clients.docker("ps", "-aq").out().lines().toList());
        long since = java.time.Instant.now().getEpochSecond();
        Processes.Run docker = clients.docker(args);
        Processes.Run berth = clients.berth(args);
        List<String> left = new ArrayList<>(clients.docker("ps", "-aq").out().lines()
                .filter(id -> !before.contains(id)).toList());
        if (!left.isEmpty()) {
            left.addFirst("rm");
            clients.docker(left.toArray(String[]::new));
        }

        assertThat(docker.exit()).as("docker's exit code: a failure").isNotZero();
        DockerParity.assertSame(String.join(" ", args), berth, named(docker));
        engine.berthdDataRoot().ifPresent(root -> {
            // berth's failure paths, as the docker CLI's, leave nothing of a container on the host
            DockerCli cli = new DockerCli(engine.host(), config);
            seen.addAll(Leaks.createdSince(cli, since));
            Leaks.assertOnlyLiveContainersHold(cli, root, seen);
        });
    }

    /** docker's output with the program named berth, as berth names itself. */
    private static Processes.Run named(Processes.Run docker) {
        return new Processes.Run(docker.exit(), docker.out(), docker.err().replace("docker: ", "berth: ")
                .replace("Usage:  docker ", "Usage:  berth ").replace("Run 'docker ", "Run 'berth "));
    }
}
