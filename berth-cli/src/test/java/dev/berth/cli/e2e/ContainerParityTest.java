package dev.berth.cli.e2e;

import static dev.berth.cli.e2e.DockerParity.assertSame;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Container commands through berth and through the docker CLI against one daemon: the same output, the same exit
 * codes. docker's messages name the program ("docker: …", "Run 'docker run --help'"); berth's name berth, and
 * only that is normalised.
 */
@ExtendWith(EngineExtension.class)
class ContainerParityTest {
    @TempDir
    static Path config;
    @TempDir
    Path dir;
    static Clients clients;
    static String hello;
    static String busybox;

    @BeforeAll
    static void setUp(EngineFixture engine) {
        clients = new Clients(engine, config);
        hello = engine.registry() + "/library/hello-world:latest";
        busybox = engine.registry() + "/library/busybox:latest";
        assertThat(clients.docker("pull", busybox).exit()).isZero();
    }

    @AfterAll
    static void removeContainers() {
        String ids = clients.docker("ps", "-aq", "--filter", "label=berth-test=containers").out();
        for (String id : ids.lines().toList()) {
            clients.docker("rm", "-f", id);
        }
    }

    private static void same(String... args) {
        assertSame(String.join(" ", args), clients.berth(args), clients.docker(args));
    }

    /** Runs the same command line through both, with docker's program name in its messages swapped for berth's. */
    private static void sameRun(byte[] stdin, String... args) {
        Processes.Run berth = clients.berthWithInput(stdin, args);
        Processes.Run docker = clients.dockerWithInput(stdin, args);
        assertSame(String.join(" ", args), berth, named(docker));
    }

    private static Processes.Run named(Processes.Run docker) {
        return new Processes.Run(docker.exit(), docker.out(), docker.err()
                .replace("docker: ", "berth: ").replace("'docker run --help'", "'berth run --help'"));
    }

    private static String detached(String name, String... command) {
        List<String> args = new java.util.ArrayList<>(List.of("run", "-d", "--name", name, "-l", "berth-test=containers",
                busybox));
        args.addAll(List.of(command));
        Processes.Run r = clients.berth(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).matches("[0-9a-f]{64}\n");
        return r.out().strip();
    }

    @Test
    void run_missingImage_saysSo_pullsOnStderr_thenShowsTheOutput() {
        clients.docker("rmi", "-f", hello);
        Processes.Run berth = clients.berth("run", "--rm", hello);
        clients.docker("rmi", "-f", hello);
        Processes.Run docker = clients.docker("run", "--rm", hello);
        assertThat(berth.exit()).isZero();
        assertThat(berth.out()).isEqualTo(docker.out()).contains("Hello from Berth!");
        assertThat(DockerParity.stable(berth.err())).isEqualTo(DockerParity.stable(docker.err()));
        assertThat(berth.err()).startsWith("Unable to find image '" + hello + "' locally\n"
                + "latest: Pulling from library/hello-world\n")
                .contains("Status: Downloaded newer image for " + hello + "\n");
        // present now: no pull, just the output
        same("run", "--rm", hello);
    }

    @Test
    void run_exitStatusAndStreams_areTheContainers() {
        same("run", "--rm", busybox, "sh", "-c", "echo out; echo err >&2; exit 3");
        same("run", "--rm", "-e", "GREETING=hi there", "-w", "/tmp", "-u", "65534:65534", busybox,
                "sh", "-c", "echo $GREETING; pwd; id");
        same("run", "--rm", "--entrypoint", "echo", busybox, "entry", "-n", "point");
        same("run", "--rm", "--hostname", "box", "--add-host", "db:10.0.0.2", busybox, "sh", "-c",
                "hostname; grep db /etc/hosts");
    }

    @Test
    void run_interactive_forwardsStdinUntilItEnds() {
        sameRun("one\ntwo\n".getBytes(StandardCharsets.UTF_8), "run", "--rm", "-i", busybox, "sh", "-c", "cat; echo done");
        sameRun("ignored\n".getBytes(StandardCharsets.UTF_8), "run", "--rm", busybox, "sh", "-c", "cat; echo no stdin");
    }

    @Test
    void run_envFile_andEnvFromTheCallersEnvironment() throws Exception {
        Path env = dir.resolve("env");
        Files.writeString(env, "# comment\nA=1\n\nB=two words\n");
        same("run", "--rm", "--env-file", env.toString(), busybox, "sh", "-c", "echo $A $B");
    }

    @Test
    void run_failures_haveDockersMessagesAndExitCodes() {
        sameRun(new byte[0], "run", "--rm", busybox, "no-such-command");
        sameRun(new byte[0], "run", "--rm", busybox, "/etc");
        sameRun(new byte[0], "run", "--rm", "-u", "nobody-here", busybox, "true");
        sameRun(new byte[0], "run", "--rm", "--pull", "sometimes", busybox, "true");
        sameRun(new byte[0], "run", "--rm", "--restart", "always", busybox, "true");
        sameRun(new byte[0], "run", "--rm", "-p", "80:http", busybox, "true");
        sameRun(new byte[0], "run", "--rm", "--env-file", "/no/such/file", busybox, "true");
        sameRun(new byte[0], "run", "-d", "-a", "stdout", busybox, "true");
        DockerParity.assertSameUsageError(clients.berth("run", "-e", "=x", busybox, "true"),
                clients.docker("run", "-e", "=x", busybox, "true"));
        DockerParity.assertSameUsageError(clients.berth("run", "--memory", "lots", busybox, "true"),
                clients.docker("run", "--memory", "lots", busybox, "true"));
        assertThat(clients.berth("run", "--rm", busybox, "no-such-command").exit()).isEqualTo(127);
        assertThat(clients.berth("run", "--rm", busybox, "/etc").exit()).isEqualTo(126);
    }

    @Test
    void run_nameInUse_isAConflict() {
        detached("parity-taken", "sleep", "300");
        sameRun(new byte[0], "run", "--name", "parity-taken", busybox, "true");
        same("rm", "parity-taken");
        Processes.Run removed = clients.berth("rm", "-f", "parity-taken");
        assertThat(removed.out()).isEqualTo("parity-taken\n");
        same("rm", "-f", "parity-taken");
    }

    @Test
    void runningContainer_readCommands_printAsDocker() {
        detached("parity-ro", "sh", "-c", "echo started; touch /tmp/made; sleep 300");
        same("ps", "--filter", "name=parity-ro", "--format", "{{.Names}} {{.Image}} {{.Command}} {{.State}}");
        same("ps", "-a", "--filter", "label=berth-test=containers", "--format", "{{.ID}} {{.Names}} {{.Labels}}");
        same("ps", "-q", "--filter", "name=parity-ro");
        same("ps", "--no-trunc", "--filter", "name=parity-ro", "--format", "{{.ID}} {{.Command}} {{.Mounts}}");
        same("container", "ls", "--filter", "name=parity-ro", "--format", "table {{.Names}}\\t{{.State}}");
        same("exec", "parity-ro", "sh", "-c", "echo in; echo err >&2; exit 5");
        same("exec", "-e", "X=1", "-w", "/tmp", "-u", "65534", "parity-ro", "sh", "-c", "echo $X; pwd; id -u");
        // Default columns minus C, the CPU share, which changes between the two calls.
        same("top", "parity-ro", "-o", "uid,pid,ppid,stime,tty,time,cmd");
        same("logs", "parity-ro");
        same("logs", "--tail", "1", "parity-ro");
        same("diff", "parity-ro");
        same("port", "parity-ro");
        same("inspect", "--format", "{{.Name}} {{.State.Status}} {{.Config.Cmd}}", "parity-ro");
        same("container", "inspect", "-f", "{{.Config.Labels}}", "parity-ro");
        same("inspect", "nope");
        same("container", "inspect", "nope");
        same("stats", "--no-stream", "--format", "{{.Name}} {{.PIDs}}", "parity-ro");
        same("attach", "parity-missing");
        same("logs", "parity-missing");
        same("exec", "parity-missing", "true");
    }

    @Test
    void logs_follow_endsWhenTheContainerExits() {
        detached("parity-logs", "sh", "-c", "for i in 1 2 3; do echo line $i; echo warn $i >&2; sleep 0.3; done");
        Processes.Run followed = clients.berth("logs", "-f", "parity-logs");
        assertThat(followed.out()).isEqualTo("line 1\nline 2\nline 3\n");
        assertThat(followed.err()).isEqualTo("warn 1\nwarn 2\nwarn 3\n");
        same("logs", "-f", "parity-logs");
        same("logs", "-t", "parity-logs");
        same("logs", "-n", "2", "--since", "1h", "parity-logs");
        same("logs", "--until", "2000-01-01T00:00:00Z", "parity-logs");
        same("logs", "--since", "yesterday", "parity-logs");
    }

    @Test
    void lifecycle_stopWaitStartKillRm() {
        detached("parity-life-b", "sleep", "300");
        detached("parity-life-d", "sleep", "300");
        assertSame("stop", clients.berth("stop", "-t", "1", "parity-life-b"), rename(clients.docker("stop", "-t", "1",
                "parity-life-d")));
        assertSame("wait", clients.berth("wait", "parity-life-b"), clients.docker("wait", "parity-life-d"));
        assertSame("start", clients.berth("start", "parity-life-b"), rename(clients.docker("start", "parity-life-d")));
        assertSame("pause", clients.berth("pause", "parity-life-b"), rename(clients.docker("pause", "parity-life-d")));
        same("ps", "-a", "--filter", "name=parity-life", "--format", "{{.Names}} {{.State}}");
        assertSame("unpause", clients.berth("unpause", "parity-life-b"),
                rename(clients.docker("unpause", "parity-life-d")));
        assertSame("kill", clients.berth("kill", "parity-life-b"), rename(clients.docker("kill", "parity-life-d")));
        assertSame("wait", clients.berth("wait", "parity-life-b"), clients.docker("wait", "parity-life-d"));
        same("attach", "parity-life-b");
        same("start", "nope");
        same("stop", "nope");
        same("kill", "nope");
        same("rename", "nope", "other");
        assertThat(clients.berth("rename", "parity-life-b", "parity-life-b2").exit()).isZero();
        assertSame("rm", clients.berth("rm", "parity-life-b2", "nope"),
                rename(clients.docker("rm", "parity-life-d", "nope")).replaceOut("parity-life-b", "parity-life-b2"));
    }

    private static Processes.Run rename(Processes.Run docker) {
        return new Processes.Run(docker.exit(), docker.out().replace("parity-life-d", "parity-life-b"),
                docker.err().replace("parity-life-d", "parity-life-b"));
    }

    @Test
    void commit_thenRunTheNewImage() {
        detached("parity-commit", "sh", "-c", "echo committed > /data.txt; sleep 300");
        Processes.Run commit = clients.berth("commit", "-m", "with data", "parity-commit", "parity/committed:v1");
        assertThat(commit.exit()).as(commit.err()).isZero();
        assertThat(commit.out()).matches("sha256:[0-9a-f]{64}\n");
        same("run", "--rm", "parity/committed:v1", "cat", "/data.txt");
        same("history", "--format", "{{.Comment}}", "parity/committed:v1");
        assertThat(clients.berth("rmi", "parity/committed:v1").out()).startsWith("Untagged: parity/committed:v1\n");
    }

    @Test
    void cp_bothWays_andExport() throws Exception {
        detached("parity-cp", "sleep", "300");
        Path file = dir.resolve("in.txt");
        Files.writeString(file, "from the host\n");
        assertThat(clients.berth("cp", file.toString(), "parity-cp:/tmp/").exit()).isZero();
        assertThat(clients.berth("cp", file.toString(), "parity-cp:/tmp/renamed.txt").exit()).isZero();
        same("exec", "parity-cp", "sh", "-c", "cat /tmp/in.txt /tmp/renamed.txt");
        Path back = dir.resolve("back");
        Files.createDirectories(back);
        assertThat(clients.berth("cp", "parity-cp:/tmp/in.txt", back.resolve("copy.txt").toString()).exit()).isZero();
        assertThat(back.resolve("copy.txt")).hasContent("from the host");
        assertThat(clients.berth("cp", "parity-cp:/etc", back.toString()).exit()).isZero();
        assertThat(back.resolve("etc/hostname")).exists();
        same("cp", "parity-cp:/nope", back.toString());
        same("cp", dir.resolve("nope").toString(), "parity-cp:/tmp");
        Processes.Run tar = clients.berth("cp", "parity-cp:/etc/hostname", "-");
        assertThat(tar.out()).startsWith("hostname");
        Path exported = dir.resolve("fs.tar");
        assertThat(clients.berth("export", "-o", exported.toString(), "parity-cp").exit()).isZero();
        Processes.Run list = Processes.checked(List.of("tar", "tf", exported.toString()));
        assertThat(list.out().lines()).contains("bin/busybox", "tmp/in.txt");
    }

    @Test
    void create_start_attachedRunsLikeRun() {
        Processes.Run created = clients.berth("create", "--name", "parity-created", "-l", "berth-test=containers",
                busybox, "sh", "-c", "echo created run; exit 7");
        assertThat(created.out()).matches("[0-9a-f]{64}\n");
        Processes.Run started = clients.berth("start", "-a", "parity-created");
        assertThat(started.out()).isEqualTo("created run\n");
        assertThat(started.exit()).isEqualTo(7);
        same("ps", "-a", "--filter", "name=parity-created", "--format", "{{.Names}} {{.State}}");
    }

    @Test
    void create_refusesWhatDockerRefuses() {
        Processes.Run docker = clients.docker("create", "-p", "80:http", busybox);
        Processes.Run berth = clients.berth("create", "-p", "80:http", busybox);
        assertThat(berth.err().lines().findFirst()).isEqualTo(docker.err().lines().findFirst()
                .map(l -> l.replace("docker: ", "berth: ")));
        assertThat(berth.exit()).isEqualTo(docker.exit()).isEqualTo(125);
        DockerParity.assertSameUsageError(clients.berth("create", "--cpus", "many", busybox),
                clients.docker("create", "--cpus", "many", busybox));
    }

    @Test
    void containerPrune_removesStoppedContainers() {
        Processes.Run r = clients.berth("run", "--name", "parity-prune", busybox, "true");
        assertThat(r.exit()).isZero();
        Processes.Run prune = clients.berth("container", "prune", "-f", "--filter", "label!=berth-test=containers");
        assertThat(prune.out()).startsWith("Deleted Containers:\n").endsWith("Total reclaimed space: 0B\n");
        same("ps", "-a", "--filter", "name=parity-prune");
    }
}
