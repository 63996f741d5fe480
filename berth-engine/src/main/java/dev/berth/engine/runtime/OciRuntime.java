package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.snapshot.FileTrees;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.linux.FifoReader;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * An OCI runtime binary (runc, crun) and its state directory ({@code --root}, kept apart from other users of the
 * same runtime), driven by its command line (OCI runtime spec runtime.md operations: state, start, kill, delete;
 * create is run by conmon).
 */
public record OciRuntime(String name, Path binary, Path root) {
    public static final Path RUNC = Path.of("/usr/sbin/runc");
    public static final Path CRUN = Path.of("/usr/bin/crun");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** The name runc (1.1) gives its init process, from its last re-exec until it execs the container's command. */
    private static final String RUNC_INIT = "runc:[2:INIT]";
    /**
     * The pauses between reads of the exec fifo: from the fifo's open to the init's exec takes ~0.2-1 ms, longer under
     * load; an init that does not exec (it waits for a hook, or has ended) is looked at every few milliseconds.
     */
    private static final Duration FIFO_POLL_MIN = Duration.ofNanos(50_000);
    private static final Duration FIFO_POLL_MAX = Duration.ofMillis(5);

    public OciRuntime {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(binary, "binary");
        Objects.requireNonNull(root, "root");
    }

    /** What the runtime reports of a container: status {@code created}, {@code running}, {@code paused} or {@code stopped}. */
    public record State(String status, OptionalInt pid) {}

    /** The global options conmon must pass on to {@code create} as well. */
    List<String> globalArgs() {
        return List.of("--root=" + root);
    }

    void checkInstalled() {
        if (!Files.isExecutable(binary)) {
            throw new BerthException(ErrorKind.UNAVAILABLE, "runtime " + name + ": " + binary
                    + " is not installed or not executable");
        }
    }

    /**
     * Whether the runtime holds state for {@code id}: runc and crun keep each container's in {@code ROOT/ID}, made
     * at create and removed by delete. Without it {@code state} is empty and {@code delete} does nothing, so neither
     * needs a run of the binary (a container's exit then {@code rm} asked both again).
     */
    boolean knows(String id) {
        return Files.isDirectory(root.resolve(id));
    }

    /** The runtime's view of container {@code id}, empty when it does not know it. */
    public Optional<State> state(String id) {
        if (!knows(id)) {
            return Optional.empty();
        }
        ToolRun run = run("state", id);
        if (!run.ok()) {
            if (run.errorText().contains("does not exist") || run.errorText().contains("not found")) {
                return Optional.empty();
            }
            throw failure("state", id, run);
        }
        JsonNode json = Json.object(run.stdout().getBytes(StandardCharsets.UTF_8), name + " state " + id);
        int pid = json.path("pid").asInt(0);
        return Optional.of(new State(json.path("status").asText("unknown"),
                pid > 0 ? OptionalInt.of(pid) : OptionalInt.empty()));
    }

    /**
     * Lets created container {@code id} run, {@code initPid} its init (the runtime's pid file, written at create):
     * returns once the init has exec'd the container's command, or has ended.
     */
    public void start(String id, OptionalInt initPid) {
        if (initPid.isPresent() && releaseInit(id, initPid.getAsInt())) {
            return;
        }
        ToolRun run = run("start", id);
        if (!run.ok()) {
            throw failure("start", id, run);
        }
    }

    /**
     * What runc's start does for a created container, when that is all it would do: runc (1.1: its start runs no
     * hook, poststart hooks run at create), no {@code NOTIFY_SOCKET} in the daemon's environment (runc's start would
     * pass the container's readiness on to it), and {@code initPid} still runc's init, waiting (else runc's start
     * refuses: the container has stopped, or runs). runc's start opens {@code ROOT/ID/exec.fifo} for reading, which
     * lets the init's open for writing return; the init writes a byte and execs the container's command, whose exec
     * closes the fifo (close-on-exec); runc reads up to that end of file, then removes the fifo (runc's state says
     * created while it is there, running after). Starting runc for that took ~6 ms of every start (jspawnhelper, then
     * Go's start-up). False, with nothing done, when any of that does not hold.
     *
     * <p>runc waits in a blocking open and looks every 100 ms whether the init has ended meanwhile; here the fifo is
     * opened without waiting and read until that end of file, pausing between reads, so that no thread blocks on a
     * writer that may be gone. berthd pauses running containers only, so an init waiting here is never frozen (runc's
     * start refuses a paused container).
     */
    private boolean releaseInit(String id, int initPid) {
        if (!binary.getFileName().toString().equals("runc") || System.getenv("NOTIFY_SOCKET") != null
                || !ProcessStat.of(initPid).filter(s -> !s.ended() && s.command().equals(RUNC_INIT)).isPresent()) {
            return false;
        }
        Path fifo = root.resolve(id).resolve("exec.fifo");
        if (!Files.exists(fifo)) {
            return false;
        }
        try (FifoReader reader = FifoReader.open(fifo)) {
            awaitExec(id, initPid, reader);
            // Perhaps removed already by a state read that found the init exec'd (finishStart).
            Files.deleteIfExists(fifo);
        } catch (IOException e) {
            throw BerthException.io(name + " start " + id, e);
        }
        return true;
    }

    /**
     * Whether created container {@code id} runs: runc says created, yet its init {@code initPid} has exec'd the
     * container's command. A daemon killed between the init's byte and the fifo's removal ({@link #releaseInit}: the
     * exec takes ~1 ms) leaves that, and runc would say created for as long as the container runs, which the next
     * daemon would take for a container that never ran. The fifo is removed, as the start would have, so that runc
     * says running too.
     */
    public boolean finishStart(String id, int initPid) {
        if (!binary.getFileName().toString().equals("runc")
                || !ProcessStat.of(initPid).filter(s -> !s.ended() && !s.command().equals(RUNC_INIT)).isPresent()) {
            return false;
        }
        try {
            Files.deleteIfExists(root.resolve(id).resolve("exec.fifo"));
        } catch (IOException e) {
            throw BerthException.io(name + " start " + id + ": remove the exec fifo", e);
        }
        return true;
    }

    /** Reads the exec fifo of {@code id} up to its end: the init's byte, then its exec closing the fifo. */
    private void awaitExec(String id, int initPid, FifoReader reader) throws IOException {
        byte[] buf = new byte[8];
        boolean written = false;
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        long pause = FIFO_POLL_MIN.toNanos();
        while (true) {
            int n = reader.read(buf);
            if (n > 0) {
                written = true;
                continue;
            }
            if (n == 0 && written) {
                return;
            }
            // No writer (the init has not opened the fifo yet, or has ended), or the init's exec is under way.
            if (n == 0 && ProcessStat.of(initPid).map(ProcessStat::ended).orElse(true)) {
                throw new BerthException(ErrorKind.INTERNAL, name + " start " + id
                        + ": container process is already dead");
            }
            if (System.nanoTime() - deadline > 0) {
                throw new BerthException(ErrorKind.UNAVAILABLE, name + " start " + id + ": the container's process"
                        + " did not exec within " + TIMEOUT);
            }
            try {
                Thread.sleep(Duration.ofNanos(pause));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BerthException(ErrorKind.UNAVAILABLE, name + " start " + id + ": interrupted");
            }
            pause = Math.min(pause * 2, FIFO_POLL_MAX.toNanos());
        }
    }

    /**
     * Sends {@code signal} (a name such as {@code TERM} or a number) to the container's init process. A process that
     * has ended already is no failure, as dockerd's kill: also when the runtime has deleted its state ("container does
     * not exist"), which happens when the container exits just before a {@code rm -f}, before its exit is recorded.
     */
    public void kill(String id, String signal) {
        ToolRun run = run("kill", id, signal);
        if (!run.ok() && !run.errorText().contains("not running") && !run.errorText().contains("process already")
                && !run.errorText().contains("does not exist")) {
            throw failure("kill", id, run);
        }
    }

    /** Deletes the runtime's state and cgroup of {@code id}; {@code force} kills it first if it still runs. */
    public void delete(String id, boolean force) {
        if (!knows(id)) {
            return;
        }
        ToolRun run = force ? run("delete", "--force", id) : run("delete", id);
        if (!run.ok() && !run.errorText().contains("does not exist")) {
            throw failure("delete", id, run);
        }
    }

    /**
     * Deletes the runtime's state and cgroup of {@code id}, whose init has exited: as {@link #delete} with force, but
     * for runc, where its delete of a stopped container only removes each cgroup directory and then its state
     * directory (libcontainer's destroy), that is done here without starting runc, a Go program whose start and cgroup
     * walk took 6-12 ms of every exit, before the container's removal could be reported.
     */
    public void deleteExited(String id) {
        if (!knows(id)) {
            return;
        }
        if (!removeStoppedState(id)) {
            delete(id, true);
        }
    }

    /**
     * What runc's delete does for a stopped container, when that is all it would do: runc's cgroupfs driver (not a
     * systemd unit), no poststop hook, no Intel RDT group, and every cgroup of the container empty. False, with nothing
     * removed, when any of that does not hold: a cgroup that still holds a process (one that lives on after the init,
     * outside its pid namespace: --pid host) refuses its removal (EBUSY), and runc's delete --force kills it first.
     */
    private boolean removeStoppedState(String id) {
        if (!binary.getFileName().toString().equals("runc")) {
            return false;
        }
        Path dir = root.resolve(id);
        JsonNode state;
        try {
            state = Json.MAPPER.readTree(Files.readAllBytes(dir.resolve("state.json")));
        } catch (IOException e) {
            return false; // runc's own delete reports what is wrong with its state
        }
        JsonNode config = state.path("config");
        boolean poststop = config.path("Hooks").path("poststop").isArray()
                && !config.path("Hooks").path("poststop").isEmpty();
        if (config.path("cgroups").path("Systemd").asBoolean(false) || poststop
                || !state.path("intel_rdt_path").asText("").isEmpty()) {
            return false;
        }
        for (JsonNode cgroup : state.path("cgroup_paths")) {
            try {
                // cpu and cpuacct are often one hierarchy under two names: its directory is gone at the second
                Files.deleteIfExists(Path.of(cgroup.asText()));
            } catch (IOException e) {
                return false; // a process lives on in it: runc's delete --force kills it, then removes the rest
            }
        }
        FileTrees.delete(dir);
        return true;
    }

    /** Freezes every process of {@code id} (the freezer cgroup): docker's pause. */
    public void pause(String id) {
        ToolRun run = run("pause", id);
        if (!run.ok()) {
            throw failure("pause", id, run);
        }
    }

    /** Thaws a paused {@code id}: docker's unpause. */
    public void resume(String id) {
        ToolRun run = run("resume", id);
        if (!run.ok()) {
            throw failure("resume", id, run);
        }
    }

    /** Changes the cgroup limits of running {@code id} ({@code runtime update}). */
    public void update(String id, ResourceUpdate update) {
        List<String> args = new ArrayList<>(List.of("update"));
        args.addAll(update.flags());
        args.add(id);
        ToolRun run = run(args.toArray(String[]::new));
        if (!run.ok()) {
            throw failure("update", id, run);
        }
    }

    private ToolRun run(String... args) {
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.addAll(globalArgs());
        argv.addAll(List.of(args));
        return ToolRun.run(argv, TIMEOUT);
    }

    private BerthException failure(String op, String id, ToolRun run) {
        return new BerthException(ErrorKind.INTERNAL, name + " " + op + " " + id + ": " + run.errorText());
    }
}
