package dev.berth.engine.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.berth.oci.error.BerthException;
import dev.berth.oci.linux.Carriers;
import dev.berth.oci.linux.FifoReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real containers: test images on overlayfs, run by runc under conmon. */
class ContainerRuntimeTest {
    @TempDir
    Path root;
    RuntimeFixture f;

    @BeforeEach
    void setUp() {
        f = new RuntimeFixture(root);
    }

    @AfterEach
    void tearDown() throws IOException {
        f.close();
    }

    @Test
    void helloWorld_writesItsMessageToTheLog_andExitsZero() {
        ContainerSpec spec = f.spec("hello-world");
        ExitStatus exit = f.run(spec);
        assertThat(exit.code()).isZero();
        assertThat(exit.oomKilled()).isFalse();
        assertThat(f.stdout(spec.id())).startsWith("\nHello from Berth!\n")
                .contains("your Berth installation works end to end");
        assertThat(f.runtime.state(spec.id()).status()).isEqualTo(ContainerState.Status.EXITED);
    }

    @Test
    void busybox_runsAsPid1_withItsOwnHostname_andDockersCapabilities() {
        ContainerSpec spec = f.spec("busybox").withHostname("boxed")
                .withCmd(List.of("sh", "-c", "echo $$; hostname; cat /proc/1/cmdline; echo;"
                        + " grep CapEff /proc/self/status; cat /proc/keys | wc -c; echo $HOSTNAME"));
        assertThat(f.run(spec).code()).isZero();
        assertThat(f.stdout(spec.id()).lines().toList()).containsExactly(
                "1", "boxed", "sh\0-c\0" + spec.cmd().orElseThrow().get(2) + "\0",
                "CapEff:\t00000000a80425fb", "0", "boxed");
    }

    @Test
    void hostFiles_mountedByTheCaller_replaceTheBundles_whichWritesOnlyTheOthers() throws IOException {
        Path hosts = root.resolve("hosts");
        java.nio.file.Files.writeString(hosts, "10.9.8.7\tgiven\n");
        ContainerSpec spec = f.spec("busybox").withHostname("boxed")
                .withMount(new Mount("/etc/hosts", "bind", hosts.toString(), List.of("rbind", "rprivate")))
                .withCmd(List.of("sh", "-c", "cat /etc/hosts /etc/hostname"));
        assertThat(f.run(spec).code()).isZero();
        assertThat(f.stdout(spec.id()).lines().toList()).containsExactly("10.9.8.7\tgiven", "boxed");
        ContainerDirs dirs = new ContainerDirs(f.runtime.config().stateDir(), f.runtime.config().socketDir(),
                f.runtime.config().logDir(), spec.id());
        assertThat(dirs.bundle().resolve("hosts")).doesNotExist();
        assertThat(dirs.bundle().resolve("hostname")).hasContent("boxed");
        assertThat(dirs.bundle().resolve("resolv.conf")).exists();
    }

    @Test
    void exitCodes_areThoseOfTheProcess() {
        ContainerSpec spec = f.spec("busybox").withCmd(List.of("sh", "-c", "exit 3"));
        assertThat(f.run(spec).code()).isEqualTo(3);
    }

    @Test
    void aMissingCommand_fails127_andLeavesNothing() throws IOException {
        ContainerSpec spec = f.spec("busybox").withCmd(List.of("no-such-command"));
        assertThatThrownBy(() -> f.runtime.create(spec, "runc"))
                .isInstanceOf(BerthException.class)
                .hasMessageContaining("executable file not found in $PATH")
                .satisfies(e -> assertThat(RuntimeMessages.exitCodeOf(e.getMessage())).isEqualTo(127));
        assertThat(f.runtime.list()).isEmpty();
        f.assertRuntimeLeftNothing();
    }

    @Test
    void aNonExecutableCommand_fails126() {
        ContainerSpec spec = f.spec("busybox").withCmd(List.of("/etc/passwd"));
        assertThatThrownBy(() -> f.runtime.create(spec, "runc"))
                .isInstanceOf(BerthException.class)
                .hasMessageContaining("permission denied")
                .satisfies(e -> assertThat(RuntimeMessages.exitCodeOf(e.getMessage())).isEqualTo(126));
    }

    @Test
    void aProcessOverTheMemoryLimit_isOomKilled_exit137() {
        ContainerSpec spec = f.spec("busybox")
                .withResources(Resources.NONE.withMemory(MemorySize.parse("32m")))
                .withCmd(List.of("sh", "-c", "x=$(head -c 200m /dev/zero | tr '\\0' a); echo survived"));
        ExitStatus exit = f.run(spec);
        assertThat(exit.code()).isEqualTo(137);
        assertThat(exit.oomKilled()).isTrue();
        assertThat(f.stdout(spec.id())).doesNotContain("survived");
    }

    @Test
    void stop_sendsTheSignal_thenSigkillAfterTheTimeout() {
        ContainerSpec trapping = f.spec("busybox").withCmd(List.of("sh", "-c",
                "trap 'exit 7' TERM; echo ready; while true; do sleep 0.1; done"));
        ContainerSpec ignoring = f.spec("busybox").withCmd(List.of("sleep", "1000"));
        for (ContainerSpec spec : List.of(trapping, ignoring)) {
            f.runtime.create(spec, "runc");
            f.runtime.start(spec.id());
        }
        awaitLog(trapping.id(), "ready");
        // pid 1 has no default action for SIGTERM: sleep ignores it, so only the SIGKILL ends it.
        assertThat(f.runtime.stop(trapping.id(), "TERM", Duration.ofSeconds(30)).code()).isEqualTo(7);
        assertThat(f.runtime.stop(ignoring.id(), "TERM", Duration.ofMillis(500)).code()).isEqualTo(137);
    }

    @Test
    void start_letsTheInitExecItsCommand_andRuncSeesTheContainerRunning() {
        ContainerSpec spec = f.spec("busybox").withCmd(List.of("sleep", "1000"));
        f.runtime.create(spec, "runc");
        OciRuntime runc = f.runtime.config().runtime("runc");
        Path fifo = runc.root().resolve(spec.id()).resolve("exec.fifo");
        int pid = f.runtime.pid(spec.id()).orElseThrow();
        assertThat(fifo).exists();
        assertThat(runc.state(spec.id()).orElseThrow().status()).isEqualTo("created");

        f.runtime.start(spec.id());
        assertThat(ProcessStat.of(pid).orElseThrow().command()).isEqualTo("sleep");
        assertThat(fifo).doesNotExist();
        assertThat(runc.state(spec.id()).orElseThrow().status()).isEqualTo("running");
        // A second start finds no init waiting: runc's own start answers.
        assertThatThrownBy(() -> f.runtime.start(spec.id()))
                .hasMessageContaining("cannot start an already running container");
    }

    @Test
    void aStartCutShortAfterTheInitsExec_isSeenRunning_andFinishedForRunc() throws Exception {
        ContainerSpec spec = f.spec("busybox").withCmd(List.of("sleep", "1000"));
        f.runtime.create(spec, "runc");
        OciRuntime runc = f.runtime.config().runtime("runc");
        Path fifo = runc.root().resolve(spec.id()).resolve("exec.fifo");
        int pid = f.runtime.pid(spec.id()).orElseThrow();
        // What a daemon killed within its start leaves: the fifo opened, the init's exec done, the fifo not removed.
        try (FifoReader reader = FifoReader.open(fifo)) {
            Instant deadline = Instant.now().plusSeconds(30);
            while (!ProcessStat.of(pid).orElseThrow().command().equals("sleep")) {
                assertThat(Instant.now()).as("the init's exec").isBefore(deadline);
                Thread.sleep(5);
            }
        }
        assertThat(runc.state(spec.id()).orElseThrow().status()).as("runc, fifo left").isEqualTo("created");

        f.runtime.close();
        f.runtime = ContainerRuntime.open(f.config());
        assertThat(f.runtime.state(spec.id()).status()).isEqualTo(ContainerState.Status.RUNNING);
        assertThat(fifo).doesNotExist();
        assertThat(runc.state(spec.id()).orElseThrow().status()).isEqualTo("running");
        assertThat(f.runtime.stop(spec.id(), "TERM", Duration.ofMillis(200)).code()).isEqualTo(137);
    }

    @Test
    void start_ofAContainerWhoseInitEnded_failsAsRuncsStart() {
        ContainerSpec spec = f.spec("busybox").withCmd(List.of("sleep", "1000"));
        f.runtime.create(spec, "runc");
        ProcessHandle init = ProcessHandle.of(f.runtime.pid(spec.id()).orElseThrow()).orElseThrow();
        init.destroyForcibly();
        init.onExit().join();
        assertThatThrownBy(() -> f.runtime.start(spec.id()))
                .hasMessageContaining("cannot start a container that has stopped");
    }

    @Test
    void start_failsWhenTheInitEndsWhileWaitedFor_insteadOfWaitingForever() throws Exception {
        ContainerSpec spec = f.spec("busybox").withCmd(List.of("sleep", "1000"));
        f.runtime.create(spec, "runc");
        OciRuntime runc = f.runtime.config().runtime("runc");
        Path fifo = runc.root().resolve(spec.id()).resolve("exec.fifo");
        long pid = f.runtime.pid(spec.id()).orElseThrow();
        // Stopped, the init leaves its open of the fifo (to take the signal) and does not come back to it.
        new ProcessBuilder("kill", "-STOP", Long.toString(pid)).start().waitFor();
        var start = java.util.concurrent.CompletableFuture.runAsync(() -> f.runtime.start(spec.id()));
        awaitOpenHere(fifo);
        assertThat(start).isNotDone();
        ProcessHandle.of(pid).orElseThrow().destroyForcibly();
        assertThatThrownBy(() -> start.get(30, java.util.concurrent.TimeUnit.SECONDS))
                .hasMessageContaining("runc start " + spec.id() + ": container process is already dead");
    }

    /** Waits until this JVM holds {@code file} open. */
    private static void awaitOpenHere(Path file) throws IOException, InterruptedException {
        for (int i = 0; i < 3000; i++) {
            try (var fds = java.nio.file.Files.list(Path.of("/proc/self/fd"))) {
                if (fds.anyMatch(fd -> {
                    try {
                        return java.nio.file.Files.readSymbolicLink(fd).equals(file);
                    } catch (IOException e) {
                        return false; // closed since it was listed
                    }
                })) {
                    return;
                }
            }
            Thread.sleep(10);
        }
        throw new AssertionError(file + " not opened");
    }

    @Test
    void creates_awaitingConmonsReport_onAsManyVirtualThreadsAsCarriers_leaveOtherVirtualThreadsRunning()
            throws Exception {
        int carriers = Carriers.count();
        // A runc whose create waits for a gate: conmon reports on the sync fifo only once its runtime's create ends.
        Path waiting = Files.createDirectories(root.resolve("waiting"));
        Path gate = root.resolve("gate");
        Path gated = root.resolve("gated-runc");
        Files.writeString(gated, "#!/bin/sh\nfor a in \"$@\"; do\n  if [ \"$a\" = create ]; then\n"
                + "    touch '" + waiting + "'/$$\n    while [ ! -e '" + gate + "' ]; do sleep 0.05; done\n  fi\n"
                + "done\nexec " + OciRuntime.RUNC + " \"$@\"\n");
        Files.setPosixFilePermissions(gated, PosixFilePermissions.fromString("rwx------"));
        RuntimeConfig base = f.config();
        Map<String, OciRuntime> runtimes = new HashMap<>(base.runtimes());
        runtimes.put("gated", new OciRuntime("gated", gated, base.runtime("runc").root()));
        f.runtime.close();
        f.runtime = ContainerRuntime.open(new RuntimeConfig(base.stateDir(), base.socketDir(), base.conmon(),
                runtimes, base.defaultRuntime(), base.cgroupParent()));
        List<Thread> creators = new ArrayList<>();
        try {
            for (int i = 0; i < carriers; i++) {
                ContainerSpec spec = f.spec("busybox");
                creators.add(Thread.ofVirtual().start(() -> f.runtime.create(spec, "gated")));
            }
            Instant deadline = Instant.now().plusSeconds(60);
            while (listed(waiting) < carriers) {
                assertThat(Instant.now()).as("creates waiting for the gate").isBefore(deadline);
                Thread.sleep(20);
            }

            Carriers.assertAVirtualThreadRuns(carriers + " creates wait for conmon's report");
        } finally {
            Files.createFile(gate);
            for (Thread t : creators) {
                t.join();
            }
        }
    }

    private static long listed(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.count();
        }
    }

    @Test
    void aRunningContainer_survivesItsRuntimeObject_andIsFoundByANewOne() throws IOException {
        ContainerSpec spec = f.spec("busybox")
                .withCmd(List.of("sh", "-c", "while true; do echo tick; sleep 0.1; done"));
        f.runtime.create(spec, "runc");
        f.runtime.start(spec.id());
        ContainerState before = f.runtime.state(spec.id());
        assertThat(before.status()).isEqualTo(ContainerState.Status.RUNNING);

        f.runtime.close();
        f.runtime = ContainerRuntime.open(f.config());
        assertThat(f.runtime.list()).containsExactly(spec.id());
        ContainerState after = f.runtime.state(spec.id());
        assertThat(after.status()).isEqualTo(ContainerState.Status.RUNNING);
        assertThat(after.pid()).isEqualTo(before.pid());
        try (AttachConnection attach = f.runtime.attach(spec.id())) {
            assertThat(new String(attach.read().orElseThrow().data(), StandardCharsets.UTF_8)).isEqualTo("tick\n");
        }
        assertThat(f.runtime.logs(spec.id())).isNotEmpty();
        assertThatThrownBy(() -> f.runtime.remove(spec.id(), false))
                .hasMessageContaining("container is running: stop the container before removing or force remove");
        assertThat(f.runtime.stop(spec.id(), "TERM", Duration.ofMillis(200)).code()).isEqualTo(137);
        f.runtime.remove(spec.id(), false);
    }

    @Test
    void attach_forwardsStdin_andSeparatesStdoutFromStderr() throws IOException {
        ContainerSpec spec = f.spec("busybox").withOpenStdin(true)
                .withCmd(List.of("sh", "-c", "read line; echo got:$line; echo oops >&2"));
        f.runtime.create(spec, "runc");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (AttachConnection attach = f.runtime.attach(spec.id())) {
            f.runtime.start(spec.id());
            attach.write("hello\n".getBytes(StandardCharsets.UTF_8));
            for (Optional<AttachConnection.Output> o = attach.read(); o.isPresent(); o = attach.read()) {
                (o.get().stream() == LogLine.Stream.STDERR ? err : out).writeBytes(o.get().data());
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("got:hello\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("oops\n");
        assertThat(f.runtime.awaitExit(spec.id(), Duration.ofSeconds(30)).orElseThrow().code()).isZero();
    }

    @Test
    void user_andWorkingDir_comeFromTheRequest_namesResolvedInTheImage() {
        ContainerSpec spec = f.spec("busybox").withUser("nobody").withWorkingDir("/made/for/you")
                .withEnv(List.of("GREETING=hi"))
                .withCmd(List.of("sh", "-c", "id -u; id -g; pwd; echo $GREETING"));
        assertThat(f.run(spec).code()).isZero();
        assertThat(f.stdout(spec.id()).lines().toList()).containsExactly("65534", "65534", "/made/for/you", "hi");
    }

    @Test
    void anUnknownUser_failsBeforeAnythingRuns() throws IOException {
        ContainerSpec spec = f.spec("busybox").withUser("ghost");
        assertThatThrownBy(() -> f.runtime.create(spec, "runc"))
                .hasMessageContaining("unable to find user ghost: no matching entries in passwd file");
        f.assertRuntimeLeftNothing();
    }

    @Test
    void crun_isSelectable_andItsFailureIsAClearError() throws IOException {
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isExecutable(OciRuntime.CRUN));
        ContainerSpec spec = f.spec("hello-world");
        try {
            f.runtime.create(spec, "crun");
            f.runtime.start(spec.id());
            assertThat(f.runtime.awaitExit(spec.id(), Duration.ofSeconds(30)).orElseThrow().code()).isZero();
            assertThat(f.runtime.runtimeName(spec.id())).isEqualTo("crun");
        } catch (BerthException e) {
            assertThat(e.getMessage()).startsWith("create container " + spec.id() + ": failed to create task for"
                    + " container: failed to create shim task: OCI runtime create failed:");
            f.assertRuntimeLeftNothing();
        }
    }

    @Test
    void cpuPidsAndUlimits_reachTheContainersCgroupsAndRlimits() {
        ContainerSpec spec = f.spec("busybox")
                .withResources(Resources.NONE.withMemory(MemorySize.parse("64m")).withNanoCpus(500_000_000L)
                        .withPidsLimit(20).withUlimits(List.of(Ulimit.parse("nofile=100:200"))))
                .withCmd(List.of("sh", "-c", "cat /sys/fs/cgroup/memory/memory.limit_in_bytes"
                        + " /sys/fs/cgroup/cpu/cpu.cfs_quota_us /sys/fs/cgroup/pids/pids.max; ulimit -n; ulimit -Hn"));
        assertThat(f.run(spec).code()).isZero();
        assertThat(f.stdout(spec.id()).lines().toList())
                .containsExactly(Long.toString(64L << 20), "50000", "20", "100", "200");
    }

    @Test
    void security_privilegedCapDropAndReadOnlyRootfs() {
        ContainerSpec dropped = f.spec("busybox")
                .withSecurity(new ContainerSpec.Security(false, List.of(), List.of("ALL"), true))
                .withCmd(List.of("sh", "-c", "grep CapEff /proc/self/status; grep -c ' /proc/keys ' /proc/self/mountinfo;"
                        + " touch /x 2>/dev/null || echo read-only;"
                        + " touch /dev/shm/ok && echo shm-writable"));
        ContainerSpec privileged = f.spec("busybox")
                .withSecurity(new ContainerSpec.Security(true, List.of(), List.of(), false))
                .withCmd(List.of("sh", "-c", "grep CapEff /proc/self/status; grep -c ' /proc/keys ' /proc/self/mountinfo || true"));
        assertThat(f.run(dropped).code()).isZero();
        assertThat(f.stdout(dropped.id()).lines().toList())
                .containsExactly("CapEff:\t0000000000000000", "1", "read-only", "shm-writable");
        assertThat(f.run(privileged).code()).isZero();
        assertThat(f.stdout(privileged.id()).lines().toList()).containsExactly(hostCapBnd(), "0");
    }

    @Test
    void multiLayerImage_seesItsWhiteoutsApplied_insideTheContainer() {
        ContainerSpec spec = f.spec("multi-layer")
                .withCmd(List.of("sh", "-c", "ls /data/keep /data/old; test -e /etc/motd || echo no-motd; pwd"));
        assertThat(f.run(spec).code()).isZero();
        assertThat(f.stdout(spec.id()).lines().toList())
                .containsExactly("/data/keep:", "a.txt", "", "/data/old:", "z.txt", "no-motd", "/app");
    }

    @Test
    void aTtyContainer_getsATerminal_andResizes() throws IOException {
        ContainerSpec spec = f.spec("busybox").withTty(true).withOpenStdin(true)
                .withCmd(List.of("sh", "-c", "read go; stty size; test -t 0 && echo tty"));
        f.runtime.create(spec, "runc");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (AttachConnection attach = f.runtime.attach(spec.id())) {
            f.runtime.start(spec.id());
            f.runtime.resize(spec.id(), 33, 111);
            attach.write("go\n".getBytes(StandardCharsets.UTF_8));
            for (Optional<AttachConnection.Output> o = attach.read(); o.isPresent(); o = attach.read()) {
                out.writeBytes(o.get().data());
            }
        }
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("33 111\r\n").contains("tty\r\n");
        assertThat(f.runtime.awaitExit(spec.id(), Duration.ofSeconds(30)).orElseThrow().code()).isZero();
    }

    @Test
    void resize_afterConmonIsGone_failsAsNotRunning_insteadOfWaitingForAReader() throws Exception {
        ContainerSpec spec = f.spec("busybox").withTty(true).withCmd(List.of("true"));
        assertThat(f.run(spec).code()).isZero();
        // conmon has exited with the container; its control fifo is still there, with no reader.
        CompletableFuture<Throwable> resized = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            try {
                f.runtime.resize(spec.id(), 33, 111);
                resized.complete(null);
            } catch (RuntimeException e) {
                resized.complete(e);
            }
        });
        Throwable failure;
        try {
            failure = resized.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("resize still waiting after 30 s for a reader of the control fifo", e);
        }
        assertThat(failure).isInstanceOf(BerthException.class)
                .hasMessage("Container " + spec.id() + " is not running");
    }

    @Test
    void aTtyContainer_startsAtItsConsoleSize_beforeAnyResize() {
        ContainerSpec spec = f.spec("busybox").withTty(true).withConsoleSize(24, 70).withCmd(List.of("stty", "size"));
        assertThat(f.run(spec).code()).isZero();
        assertThat(f.stdout(spec.id())).contains("24 70");
    }

    /** A privileged container gets the daemon's bounding set, as CapEff shows it. */
    private static String hostCapBnd() {
        try {
            return java.nio.file.Files.readAllLines(Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("CapBnd:")).findFirst().orElseThrow().replace("CapBnd:", "CapEff:");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void awaitLog(String id, String text) {
        for (int i = 0; i < 1000 && !f.stdout(id).contains(text); i++) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        }
        assertThat(f.stdout(id)).contains(text);
    }
}
