package dev.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real exec sessions in real busybox containers, each under its own conmon. */
class ContainerExecsTest {
    @TempDir
    Path root;
    RuntimeFixture f;
    ContainerExecs execs;

    @BeforeEach
    void setUp() {
        f = new RuntimeFixture(root);
        execs = new ContainerExecs(f.config());
    }

    @AfterEach
    void tearDown() throws IOException {
        f.close();
    }

    private ContainerSpec running() {
        ContainerSpec spec = f.spec("busybox").withEnv(List.of("FROM_CONTAINER=yes"))
                .withCmd(List.of("sleep", "1000"));
        f.runtime.create(spec, "runc");
        f.runtime.start(spec.id());
        return spec;
    }

    /** Everything the session writes, by stream, and its exit code. */
    private record Result(String out, String err, int code) {}

    private Result run(ExecProcess p, Optional<String> stdin) throws Exception {
        try (p) {
            if (stdin.isPresent()) {
                p.attach().write(stdin.get().getBytes(StandardCharsets.UTF_8));
                p.attach().closeStdin();
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ByteArrayOutputStream err = new ByteArrayOutputStream();
            for (var chunk = p.attach().read(); chunk.isPresent(); chunk = p.attach().read()) {
                (chunk.get().stream() == LogLine.Stream.STDERR ? err : out).write(chunk.get().data());
            }
            int code = p.onExit().get(30, TimeUnit.SECONDS).code();
            return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), code);
        }
    }

    @Test
    void exec_separatesStdoutFromStderr_andReportsTheExitCode() throws Exception {
        ContainerSpec c = running();
        ExecProcess p = execs.start(c.id(), "e1",
                ExecSpec.of(List.of("sh", "-c", "echo out; echo err >&2; echo $FROM_CONTAINER; exit 3")));
        assertThat(p.pid()).isPositive();
        Result r = run(p, Optional.empty());
        assertThat(r.out()).isEqualTo("out\nyes\n");
        assertThat(r.err()).isEqualTo("err\n");
        assertThat(r.code()).isEqualTo(3);
    }

    @Test
    void exec_forwardsStdin_untilItIsClosed() throws Exception {
        ContainerSpec c = running();
        ExecProcess p = execs.start(c.id(), "cat", ExecSpec.of(List.of("sh", "-c", "cat; echo done"))
                .withStdin(true));
        Result r = run(p, Optional.of("hello\nworld\n"));
        assertThat(r.out()).isEqualTo("hello\nworld\ndone\n");
        assertThat(r.code()).isZero();
    }

    @Test
    void exec_takesTheRequestsUserEnvAndWorkingDir() throws Exception {
        ContainerSpec c = running();
        ExecProcess p = execs.start(c.id(), "who", ExecSpec.of(List.of("sh", "-c", "id -u; id -g; echo $FOO; pwd"))
                .withUser("nobody").withEnv(List.of("FOO=bar")).withWorkingDir("/tmp"));
        assertThat(run(p, Optional.empty()).out()).isEqualTo("65534\n65534\nbar\n/tmp\n");
    }

    @Test
    void execWithATty_getsATerminal_ofTheAskedSize_andResizes() throws Exception {
        ContainerSpec c = running();
        ExecSpec spec = new ExecSpec(List.of("sh"), List.of(), Optional.empty(), Optional.empty(), true, true,
                false, Optional.of(new int[] {30, 100}));
        ExecProcess p = execs.start(c.id(), "tty", spec);
        try (p) {
            p.attach().write("tty; stty size; echo $TERM\n".getBytes(StandardCharsets.UTF_8));
            String seen = readUntil(p, "xterm");
            assertThat(seen).contains("/dev/pts/").contains("30 100");
            p.resize(40, 120);
            p.attach().write("stty size; exit 5\n".getBytes(StandardCharsets.UTF_8));
            assertThat(readUntil(p, "40 120")).contains("40 120");
            assertThat(p.onExit().get(30, TimeUnit.SECONDS).code()).isEqualTo(5);
        }
    }

    private static String readUntil(ExecProcess p, String text) throws IOException {
        StringBuilder seen = new StringBuilder();
        while (!seen.toString().contains(text)) {
            var chunk = p.attach().read();
            if (chunk.isEmpty()) {
                break;
            }
            assertThat(chunk.get().stream()).isEqualTo(LogLine.Stream.STDOUT);
            seen.append(new String(chunk.get().data(), StandardCharsets.UTF_8));
        }
        return seen.toString();
    }

    @Test
    void execOfAMissingCommand_failsWithTheRuntimesMessage_andLeavesNoConmon() throws IOException {
        ContainerSpec c = running();
        assertThatThrownBy(() -> execs.start(c.id(), "nope", ExecSpec.of(List.of("no-such-command"))))
                .isInstanceOf(BerthException.class)
                .hasMessageContaining("executable file not found in $PATH")
                .satisfies(e -> assertThat(RuntimeMessages.exitCodeOf(e.getMessage())).isEqualTo(127));
        f.runtime.stop(c.id(), "KILL", Duration.ofSeconds(10));
        assertThat(f.conmons()).isEmpty();
    }

    @Test
    void execInAStoppedContainer_isRefusedInDockersWords() {
        ContainerSpec c = f.spec("busybox").withCmd(List.of("true"));
        f.run(c);
        assertThatThrownBy(() -> execs.start(c.id(), "late", ExecSpec.of(List.of("true"))))
                .isInstanceOf(BerthException.class)
                .hasMessage("container " + c.id() + " is not running")
                .satisfies(e -> assertThat(((BerthException) e).kind()).isEqualTo(ErrorKind.CONFLICT));
    }
}
