package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.snapshot.FileTrees;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
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

    public void start(String id) {
        ToolRun run = run("start", id);
        if (!run.ok()) {
            throw failure("start", id, run);
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
