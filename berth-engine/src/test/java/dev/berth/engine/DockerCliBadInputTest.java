package dev.berth.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.berth.oci.layer.FileTree;
import dev.berth.client.testing.DistributionRegistry;
import dev.berth.engine.testing.DockerCli;
import dev.berth.engine.testing.Leaks;
import dev.berth.engine.testing.RunningDaemon;
import dev.berth.engine.testing.TestArchives;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad input through the real docker CLI 28 against berthd: each case fails with dockerd's message and the CLI's exit
 * code, leaves a {@code Created} container exactly where dockerd leaves one (a start that failed without
 * {@code --rm}), and nothing else behind on the host (see {@link Leaks#assertOnlyLiveContainersHold}). The messages
 * were recorded from dockerd; where dockerd 20.10 (Debian's) and 28 word one differently, berthd speaks 28's.
 */
class DockerCliBadInputTest {
    private static final String HELP = "\n\nRun 'docker run --help' for more information\n";
    private static final String USAGE = "\n\nUsage:  docker run [OPTIONS] IMAGE [COMMAND] [ARG...]" + HELP;
    private static final String DAEMON = "docker: Error response from daemon: ";
    /** containerd's words before the runtime's; runc's own between them and its exec error vary with its version. */
    private static final String RUNC = DAEMON + "failed to create task for container: failed to create shim task: "
            + "OCI runtime create failed: runc create failed: unable to start container process: {any}";

    static Path dir;
    static DistributionRegistry registry;
    static int closedPort;
    static RunningDaemon daemon;
    static DockerCli docker;
    static String takenId;
    static final Set<String> seen = new HashSet<>();

    /** One bad command line: what docker prints on stderr ({@code {…}} placeholders), its exit code, and its leftover. */
    record Case(String name, List<String> args, int exit, String err, boolean leavesCreatedContainer) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case runFails(String name, String err, int exit, String... args) {
        return new Case(name, List.of(args), exit, err, false);
    }

    static Case startFails(String name, String err, int exit, String... args) {
        return new Case(name, List.of(args), exit, err, true);
    }

    static Stream<Case> cases() {
        String notFound = RUNC + "exec: \"nope\": executable file not found in $PATH: unknown" + HELP;
        String notExecutable = RUNC + "exec: \"/etc/passwd\": permission denied: unknown" + HELP;
        return Stream.of(
                runFails("unknown image, --pull never", DAEMON + "No such image: nosuchimage:latest" + HELP, 125,
                        "run", "--rm", "--pull", "never", "nosuchimage"),
                runFails("unknown image in a registry", "Unable to find image '{registry}/library/nosuch:latest'"
                        + " locally\n" + DAEMON + "manifest for {registry}/library/nosuch:latest not found: manifest"
                        + " unknown: manifest unknown" + HELP, 125, "run", "--rm", "{registry}/library/nosuch"),
                runFails("unknown image, registry down", "Unable to find image '127.0.0.1:{closed}/nosuch:latest'"
                        + " locally\n" + DAEMON + "Get \"http://127.0.0.1:{closed}/v2/\": dial tcp 127.0.0.1:{closed}:"
                        + " connect: connection refused" + HELP, 125, "run", "--rm", "127.0.0.1:{closed}/nosuch"),
                startFails("command not found", notFound, 127, "run", "busybox", "nope"),
                runFails("command not found, --rm", notFound, 127, "run", "--rm", "busybox", "nope"),
                runFails("command not found, --rm -d", notFound, 127, "run", "--rm", "-d", "busybox", "nope"),
                runFails("entrypoint not found", notFound, 127, "run", "--rm", "--entrypoint", "nope", "busybox"),
                startFails("not executable", notExecutable, 126, "run", "busybox", "/etc/passwd"),
                runFails("not executable, --rm", notExecutable, 126, "run", "--rm", "busybox", "/etc/passwd"),
                runFails("-e =x", "invalid argument \"=x\" for \"-e, --env\" flag: invalid environment variable: =x"
                        + USAGE, 125, "run", "--rm", "-e", "=x", "busybox", "true"),
                startFails("-u unknown user", DAEMON + "unable to find user nosuchuser: no matching entries in"
                        + " passwd file" + HELP, 125, "run", "-u", "nosuchuser", "busybox", "true"),
                runFails("-u unknown group, --rm", DAEMON + "unable to find group nosuchgroup: no matching entries"
                        + " in group file" + HELP, 125, "run", "--rm", "-u", "0:nosuchgroup", "busybox", "true"),
                runFails("-u out of range, --rm", DAEMON + "uids and gids must be in range 0-2147483647" + HELP, 125,
                        "run", "--rm", "-u", "-1", "busybox", "true"),
                runFails("--memory 1x", "invalid argument \"1x\" for \"-m, --memory\" flag: invalid suffix: 'x'"
                        + USAGE, 125, "run", "--rm", "--memory", "1x", "busybox", "true"),
                runFails("--memory 4k", DAEMON + "Minimum memory limit allowed is 6MB" + HELP, 125,
                        "run", "--rm", "--memory", "4k", "busybox", "true"),
                runFails("--memory-swap below --memory", DAEMON + "Minimum memoryswap limit should be larger than"
                        + " memory limit, see usage" + HELP, 125,
                        "run", "--rm", "--memory", "7m", "--memory-swap", "1m", "busybox", "true"),
                runFails("-w relative", DAEMON + "the working directory 'relative' is invalid, it needs to be an"
                        + " absolute path" + HELP, 125, "run", "--rm", "-w", "relative", "busybox", "pwd"),
                runFails("-w a file", DAEMON + "Cannot mkdir: /etc/passwd is not a directory" + HELP, 125,
                        "run", "-w", "/etc/passwd", "busybox", "true"),
                runFails("name too short", "Error response from daemon: Invalid container name (x), only"
                        + " [a-zA-Z0-9][a-zA-Z0-9_.-] are allowed\n", 1, "create", "--name", "x", "busybox"),
                runFails("run, name in use", DAEMON + "Conflict. The container name \"/taken\" is already in use by"
                        + " container \"{taken}\". You have to remove (or rename) that container to be able to reuse"
                        + " that name." + HELP, 125, "run", "--name", "taken", "busybox", "true"),
                runFails("create, name in use", "Error response from daemon: Conflict. The container name \"/taken\""
                        + " is already in use by container \"{taken}\". You have to remove (or rename) that container"
                        + " to be able to reuse that name.\n", 1, "create", "--name", "taken", "busybox"),
                runFails("rename to a name in use", "Error response from daemon: Error when allocating new name:"
                        + " Conflict. The container name \"/stopped\" is already in use by container \"{stopped}\"."
                        + " You have to remove (or rename) that container to be able to reuse that name.\n"
                        + "Error: failed to rename container named taken\n", 1, "rename", "taken", "stopped"),
                runFails("rm of a running container", "Error response from daemon: cannot remove container"
                        + " \"/taken\": container is running: stop the container before removing or force remove\n",
                        1, "rm", "taken"),
                runFails("attach to a stopped container", "You cannot attach to a stopped container, start it"
                        + " first\n", 1, "attach", "stopped"),
                runFails("attach to a created container", "You cannot attach to a stopped container, start it"
                        + " first\n", 1, "attach", "never-started"),
                runFails("start of no container", "Error response from daemon: No such container: nosuch\n"
                        + "Error: failed to start containers: nosuch\n", 1, "start", "nosuch"),
                runFails("rm of no container", "Error response from daemon: No such container: nosuch\n", 1,
                        "rm", "nosuch"));
    }

    @BeforeAll
    static void start() throws IOException {
        RootOnly.assume();
        dir = Files.createTempDirectory("berth-bad-input-test-");
        registry = DistributionRegistry.open(dir.resolve("registry"));
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        daemon = RunningDaemon.start();
        docker = daemon.docker();
        docker.run("load", "-i", TestArchives.of("busybox").toString()).orFail();
        long since = Instant.now().getEpochSecond();
        takenId = docker.run("run", "-d", "--name", "taken", "busybox", "sleep", "600").orFail().out().strip();
        docker.run("run", "--name", "stopped", "busybox", "true").orFail();
        docker.run("create", "--name", "never-started", "busybox", "true").orFail();
        seen.addAll(Leaks.createdSince(docker, since));
    }

    @AfterAll
    static void stop() throws Exception {
        if (daemon != null) {
            List<String> ids = docker.run("ps", "-aq", "--no-trunc").lines();
            if (!ids.isEmpty()) {
                List<String> rm = new ArrayList<>(List.of("rm", "-f"));
                rm.addAll(ids);
                docker.run(rm.toArray(String[]::new)).orFail();
            }
            Leaks.assertNone(daemon.dataRoot(), List.copyOf(seen));
            daemon.close();
        }
        if (registry != null) {
            registry.close();
            FileTree.delete(dir);
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void badInput_failsAsDockerd_andLeavesNothingBehind(Case c) {
        Set<String> before = Set.copyOf(docker.run("ps", "-aq", "--no-trunc").orFail().lines());
        long since = Instant.now().getEpochSecond();
        DockerCli.Result r = docker.run(c.args().stream().map(DockerCliBadInputTest::filled).toArray(String[]::new));
        assertThat(r.exitCode()).as(r.err()).isEqualTo(c.exit());
        assertThat(r.err()).matches(pattern(c.err()));

        List<String> created = docker.run("ps", "-aq", "--no-trunc").orFail().lines().stream()
                .filter(id -> !before.contains(id)).toList();
        seen.addAll(Leaks.createdSince(docker, since));
        if (c.leavesCreatedContainer()) {
            assertThat(created).as("a Created container, as dockerd leaves").hasSize(1);
            assertThat(docker.run("inspect", "-f", "{{.State.Status}} {{.State.ExitCode}}", created.getFirst())
                    .orFail().out()).isEqualTo("created " + (c.exit() == 125 ? 128 : c.exit()) + "\n");
        } else {
            assertThat(created).as("no container left, as with dockerd").isEmpty();
        }
        Leaks.assertOnlyLiveContainersHold(daemon, seen);
        for (String id : created) {
            docker.run("rm", id).orFail();
        }
        Leaks.assertOnlyLiveContainersHold(daemon, seen);
    }

    /** {@code expected} as a pattern: text literal but for {@code {registry}}, {@code {taken}} and the like. */
    private static String pattern(String expected) {
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(expected);
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (m.find()) {
            out.append(Pattern.quote(expected.substring(at, m.start())));
            out.append(m.group(1).equals("any") ? "(?s).*?" : Pattern.quote(value(m.group(1))));
            at = m.end();
        }
        return out.append(Pattern.quote(expected.substring(at))).toString();
    }

    private static String filled(String arg) {
        Matcher m = Pattern.compile("\\{(\\w+)}").matcher(arg);
        return m.replaceAll(r -> Matcher.quoteReplacement(value(r.group(1))));
    }

    private static String value(String placeholder) {
        return switch (placeholder) {
            case "registry" -> registry.host();
            case "closed" -> Integer.toString(closedPort);
            case "taken" -> takenId;
            case "stopped" -> docker.run("inspect", "-f", "{{.Id}}", "stopped").orFail().out().strip();
            default -> throw new IllegalArgumentException("no placeholder {" + placeholder + "}");
        };
    }
}
