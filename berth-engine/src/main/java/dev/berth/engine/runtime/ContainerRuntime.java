package dev.berth.engine.runtime;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.snapshot.Discard;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.linux.SeqpacketSocket;
import dev.berth.oci.spec.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Stream;

/**
 * Runs containers with an OCI runtime, each supervised by its own conmon, keeping all state on disk
 * ({@link ContainerDirs}) so that the containers keep running when the daemon stops and a new instance over the same
 * {@link RuntimeConfig} finds them again ({@link #list}, {@link #state}).
 *
 * <p>Lifecycle of a container: {@link #create} writes the bundle and has conmon run {@code runtime create} — the
 * process exists, waiting, in its namespaces and cgroup ({@code created}); {@link #start} lets it run
 * ({@code running}); it exits by itself or by {@link #kill}/{@link #stop} ({@code exited}, the code in its
 * {@link ExitStatus}); {@link #remove} deletes the runtime's state, its cgroup and the bundle. A failed create
 * leaves nothing: no runtime state, no cgroup, no conmon, no files. The root file system (a snapshot) is the
 * caller's to mount before create and remove after remove.
 */
public final class ContainerRuntime implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(20);
    private static final Duration EXIT_RECORD_GRACE = Duration.ofSeconds(5);
    private static final Duration KILL_GRACE = Duration.ofSeconds(10);
    private static final Duration EXEC_WAIT = Duration.ofSeconds(1);

    private final RuntimeConfig config;
    private final Discard discard;
    private final ConmonLauncher conmon;
    private final ExitWatcher exits = new ExitWatcher();
    private final LogRotator rotator = new LogRotator();

    private ContainerRuntime(RuntimeConfig config, Discard discard) {
        this.config = config;
        this.discard = discard;
        this.conmon = new ConmonLauncher(config.conmon());
    }

    /** {@link #open(RuntimeConfig, Discard)} deleting a removed container's state in place. */
    public static ContainerRuntime open(RuntimeConfig config) {
        return open(config, Discard.IN_PLACE);
    }

    /** The runtime over {@code config}'s directories; a removed container's state goes to {@code discard}. */
    public static ContainerRuntime open(RuntimeConfig config, Discard discard) {
        try {
            Files.createDirectories(config.stateDir());
            Files.createDirectories(config.socketDir());
            for (OciRuntime r : config.runtimes().values()) {
                Files.createDirectories(r.root());
            }
        } catch (IOException e) {
            throw BerthException.io("create runtime state directories under " + config.stateDir(), e);
        }
        ContainerRuntime runtime = new ContainerRuntime(config, discard);
        runtime.keepRotatedLogs();
        return runtime;
    }

    /** Takes back the rotation of the logs of containers whose conmon outlived the previous daemon. */
    private void keepRotatedLogs() {
        for (String id : list()) {
            ContainerDirs dirs = dirs(id);
            try {
                if (Files.exists(dirs.logMaxFile()) && ConmonProcess.find(dirs).isPresent()) {
                    rotator.keep(new LogFiles(dirs.log()),
                            Integer.parseInt(Files.readString(dirs.logMaxFile(), StandardCharsets.UTF_8).strip()));
                }
            } catch (IOException | RuntimeException e) {
                // The container runs and logs on; only the generations conmon replaces are not kept.
                System.getLogger(ContainerRuntime.class.getName()).log(System.Logger.Level.WARNING,
                        "keep the rotated log of container " + id, e);
            }
        }
    }

    public RuntimeConfig config() {
        return config;
    }

    /**
     * Creates container {@code spec.id()} with runtime {@code runtimeName}: resolves its user in the root file system,
     * writes the bundle and has conmon run the runtime's create. A command that is missing or not executable fails
     * here, with the runtime's message ({@link RuntimeMessages#exitCodeOf} gives Docker's exit code for it).
     */
    public ContainerState create(ContainerSpec spec, String runtimeName) {
        return create(spec, runtimeName, true);
    }

    /**
     * As {@link #create(ContainerSpec, String)}; {@code stdinOnce} (docker's {@code StdinOnce}) closes the container's
     * stdin when an attached client's input ends, else stdin stays open for the next attach.
     */
    public ContainerState create(ContainerSpec spec, String runtimeName, boolean stdinOnce) {
        return create(spec, runtimeName, stdinOnce, LogSettings.UNBOUNDED);
    }

    /** As {@link #create(ContainerSpec, String, boolean)}, its output logged as {@code log} says. */
    public ContainerState create(ContainerSpec spec, String runtimeName, boolean stdinOnce, LogSettings log) {
        OciRuntime runtime = config.runtime(runtimeName);
        runtime.checkInstalled();
        ContainerDirs dirs = dirs(spec.id());
        try {
            Files.createDirectory(dirs.dir());
        } catch (java.nio.file.FileAlreadyExistsException e) {
            clearForRestart(dirs);
        } catch (IOException e) {
            throw BerthException.io("create container " + spec.id(), e);
        }
        try {
            if (!dirs.logDir().equals(dirs.dir())) {
                Files.createDirectories(dirs.logDir());
            }
            writeBundle(spec, dirs);
            if (log.rotated()) {
                // Before conmon starts: a daemon that dies meanwhile leaves the next one what to keep.
                writeAtomically(dirs.logMaxFile(), Integer.toString(log.maxFiles()));
            }
            int pid = conmon.create(dirs, runtime, spec.tty(), spec.openStdin(), stdinOnce, log);
            if (log.rotated()) {
                rotator.keep(new LogFiles(dirs.log()), log.maxFiles());
            }
            writeAtomically(dirs.runtimeFile(), runtime.name());
            return new ContainerState(ContainerState.Status.CREATED, OptionalInt.of(pid), Optional.empty());
        } catch (IOException | RuntimeException e) {
            RuntimeException failure = e instanceof RuntimeException r ? r
                    : BerthException.io("create container " + spec.id(), (IOException) e);
            try {
                removeState(dirs, runtime);
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
            throw BerthException.wrap("create container " + spec.id(), failure);
        }
    }

    /**
     * Empties the state of a container that ran before and has exited, so it can be created again (docker start of
     * an exited container), keeping its log: docker's logs span every run of a container. ALREADY_EXISTS when its
     * process or conmon is still there.
     */
    private void clearForRestart(ContainerDirs dirs) {
        boolean done = ConmonProcess.find(dirs).isEmpty() && (!Files.isRegularFile(dirs.runtimeFile())
                || runtimeOf(dirs.id()).state(dirs.id()).map(s -> s.status().equals("stopped")).orElse(true));
        if (!done) {
            throw new BerthException(ErrorKind.ALREADY_EXISTS, "container " + dirs.id() + " exists already");
        }
        if (Files.isRegularFile(dirs.runtimeFile())) {
            runtimeOf(dirs.id()).delete(dirs.id(), true);
        }
        try (Stream<Path> entries = Files.list(dirs.dir())) {
            LogFiles log = new LogFiles(dirs.log());
            for (Path p : entries.filter(p -> !log.contains(p)).toList()) {
                dev.berth.engine.snapshot.FileTrees.delete(p);
            }
            Files.deleteIfExists(dirs.socketLink());
        } catch (IOException e) {
            throw BerthException.io("clear state of container " + dirs.id() + " for a new start", e);
        }
    }

    /** Completes with the container's exit status once it has exited (at once if it had). */
    public java.util.concurrent.CompletableFuture<ExitStatus> onExit(String id) {
        return exits.watch(existing(id));
    }

    /**
     * Frees what an exited container still holds — the runtime's state and cgroup, conmon, the attach socket link —
     * keeping its log and exit code for {@link #logs} and {@link #state} until {@link #remove}.
     */
    public void release(String id) {
        ContainerDirs dirs = existing(id);
        runtimeOf(id).deleteExited(id);
        ConmonProcess.awaitGone(dirs, KILL_GRACE);
        rotator.stop(new LogFiles(dirs.log()));
        try {
            Files.deleteIfExists(dirs.socketLink());
        } catch (IOException e) {
            throw BerthException.io("remove attach socket link of " + id, e);
        }
    }

    @Override
    public void close() {
        exits.close();
        rotator.close();
    }

    private void writeBundle(ContainerSpec spec, ContainerDirs dirs) throws IOException {
        Files.createDirectories(dirs.bundle());
        Files.createDirectories(dirs.exitDir());
        Files.createDirectories(dirs.persist());
        ContainerUser user = ContainerUser.resolve(spec.rootfs(),
                spec.user().or(() -> spec.image().user()).orElse("")).withGroups(spec.rootfs(),
                spec.security().groupAdd());
        WorkingDir.create(spec.rootfs(), RuntimeSpec.workingDir(spec));
        // The daemon's network gives a container its own host files as mounts over these: the bundle's are written
        // only where none is, as each new file costs an inode allocation on the start path (0.5-1 ms on a busy ext4).
        List<String> unmounted = HostFiles.NAMES.stream().filter(n -> spec.mounts().stream()
                .noneMatch(m -> m.destination().equals("/etc/" + n))).toList();
        if (!unmounted.isEmpty()) {
            HostFiles.defaults(spec.hostname(), Optional.empty()).write(dirs.bundle(), unmounted);
        }
        ObjectNode config = RuntimeSpec.build(spec, user, dirs.bundle(), cgroupsPath(spec.id(), spec.cgroupParent()));
        Files.write(dirs.bundle().resolve("config.json"),
                Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
    }

    /**
     * The container's cgroup path: below the daemon's cgroup parent, relative to each controller's root; with a
     * {@code --cgroup-parent}, joined to it as dockerd's cgroupfs driver does, so that a relative one is taken by
     * the runtime as relative to its own cgroup.
     */
    public String cgroupsPath(String id) {
        return cgroupsPath(id, Optional.empty());
    }

    /** The container's cgroup path with {@code parent} ({@code --cgroup-parent}) if given: see {@link #cgroupsPath}. */
    public String cgroupsPath(String id, Optional<String> parent) {
        return parent.filter(p -> !p.isEmpty()).map(p -> Path.of(p).resolve(id).normalize().toString())
                .orElseGet(() -> config.cgroupParent().replaceAll("/+$", "") + "/" + id);
    }

    /** Lets a created container's process run. */
    public void start(String id) {
        OptionalInt pid = pid(id);
        Optional<Program> before = pid.isPresent() ? program(pid.getAsInt()) : Optional.empty();
        runtimeOf(id).start(id, pid);
        if (before.isPresent()) {
            awaitExec(pid.getAsInt(), before.get());
        }
    }

    /**
     * Returns once the container's init has left the runtime's code for its command (its execve), or has already
     * gone; false when it still ran the runtime's code at {@code EXEC_WAIT}. The runtime's start returns as soon as
     * it has let the init go, a moment before that execve; a client that looks at the container's processes right
     * after its start (docker top, a health check, exec) must find its command, not "runc init" — under load that
     * moment grows to milliseconds. No event tells one process of another's execve (short of the proc connector), so
     * this polls, which costs one look when the execve is done, as it mostly is.
     */
    static boolean awaitExec(int pid, Program runtime) {
        long deadline = System.nanoTime() + EXEC_WAIT.toNanos();
        while (program(pid).filter(runtime::equals).isPresent()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(Duration.ofNanos(100_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return true;
    }

    /**
     * The program a process runs: its name and its executable file. The name alone does not tell an execve: a
     * command may bear the runtime init's name ({@code runc:[2:INIT]}), and a script's is its file's, whatever
     * runs it; the executable is the runtime's (or its sealed copy) before, and a file of the container's after.
     */
    record Program(String name, Object executable) {}

    /**
     * The program process {@code pid} runs; empty once it is gone: its files are missing then, or (ESRCH, "No such
     * process") it ended between their open and their read, or (ENOENT through exe) it is a zombie.
     */
    static Optional<Program> program(int pid) {
        return ProcessStat.of(pid).flatMap(stat -> {
            try {
                return Optional.of(new Program(stat.command(), Files.readAttributes(
                        Path.of("/proc", Integer.toString(pid), "exe"), BasicFileAttributes.class).fileKey()));
            } catch (IOException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The host pid of a created or started container's init process, as the runtime wrote it at create: read
     * from its file rather than asked of the runtime binary.
     */
    public OptionalInt pid(String id) {
        ContainerDirs dirs = existing(id);
        try {
            return OptionalInt.of(Integer.parseInt(Files.readString(dirs.processPid()).trim()));
        } catch (NoSuchFileException e) {
            return OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            throw new BerthException(ErrorKind.INTERNAL, "read pid file of container " + id + ": " + e.getMessage(), e);
        }
    }

    /** The container's state; NOT_FOUND when there is no such container. */
    public ContainerState state(String id) {
        ContainerDirs dirs = existing(id);
        Optional<OciRuntime.State> s = runtimeOf(id).state(id);
        if (s.isPresent()) {
            var pid = s.get().pid();
            switch (s.get().status()) {
                case "created" -> {
                    boolean started = pid.isPresent() && runtimeOf(id).finishStart(id, pid.getAsInt());
                    return new ContainerState(started ? ContainerState.Status.RUNNING : ContainerState.Status.CREATED,
                            pid, Optional.empty());
                }
                case "running" -> {
                    return new ContainerState(ContainerState.Status.RUNNING, pid, Optional.empty());
                }
                case "paused" -> {
                    return new ContainerState(ContainerState.Status.PAUSED, pid, Optional.empty());
                }
                default -> {
                    return exited(dirs, awaitExitRecord(dirs, EXIT_RECORD_GRACE));
                }
            }
        }
        return exited(dirs, ExitFiles.read(dirs));
    }

    private static ContainerState exited(ContainerDirs dirs, Optional<ExitStatus> exit) {
        return new ContainerState(ContainerState.Status.EXITED, OptionalInt.empty(), exit);
    }

    /** Sends {@code signal} (name or number) to the container's main process. */
    public void kill(String id, String signal) {
        existing(id);
        runtimeOf(id).kill(id, signal);
    }

    /**
     * Docker's stop: {@code signal} (the image's StopSignal, else SIGTERM), then SIGKILL if the container still runs
     * after {@code timeout}. Returns how it ended.
     */
    public ExitStatus stop(String id, String signal, Duration timeout) {
        ContainerDirs dirs = existing(id);
        Optional<ExitStatus> done = ExitFiles.read(dirs);
        if (done.isPresent()) {
            return done.get();
        }
        OciRuntime runtime = runtimeOf(id);
        runtime.kill(id, signal);
        Optional<ExitStatus> exit = awaitExit(id, timeout);
        if (exit.isPresent()) {
            return exit.get();
        }
        runtime.kill(id, "KILL");
        return awaitExit(id, KILL_GRACE).orElseThrow(() -> new BerthException(ErrorKind.UNAVAILABLE,
                "stop container " + id + ": still running " + KILL_GRACE + " after SIGKILL"));
    }

    /** Waits up to {@code timeout} for the container to exit. */
    public Optional<ExitStatus> awaitExit(String id, Duration timeout) {
        return awaitExitRecord(existing(id), timeout);
    }

    private static Optional<ExitStatus> awaitExitRecord(ContainerDirs dirs, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<ExitStatus> exit = ExitFiles.read(dirs);
            if (exit.isPresent() || System.nanoTime() - deadline > 0) {
                return exit;
            }
            try {
                Thread.sleep(POLL);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BerthException(ErrorKind.UNAVAILABLE, "wait for container " + dirs.id() + ": interrupted");
            }
        }
    }

    /**
     * Removes the container: its runtime state and cgroup, its conmon, its bundle and log. A running container is
     * refused unless {@code force}, which kills it first (Docker's {@code rm -f}).
     */
    public void remove(String id, boolean force) {
        ContainerDirs dirs = existing(id);
        ContainerState state = state(id);
        if (state.running() || state.status() == ContainerState.Status.CREATED && force) {
            if (!force) {
                throw new BerthException(ErrorKind.CONFLICT, "cannot remove container \"" + id
                        + "\": container is running: stop the container before removing or force remove");
            }
            runtimeOf(id).kill(id, "KILL");
            awaitExit(id, KILL_GRACE);
        }
        removeState(dirs, runtimeOf(id));
    }

    private void removeState(ContainerDirs dirs, OciRuntime runtime) {
        runtime.delete(dirs.id(), true);
        ConmonProcess.awaitGone(dirs, KILL_GRACE);
        rotator.stop(new LogFiles(dirs.log()));
        try {
            Files.deleteIfExists(dirs.socketLink());
            if (!dirs.logDir().equals(dirs.dir())) {
                // The log's directory is not the runtime's (the daemon's container record lives there): its files go.
                for (LogFiles.Generation g : new LogFiles(dirs.log()).generations()) {
                    Files.deleteIfExists(g.path());
                }
                Files.deleteIfExists(dirs.logMaxFile());
            }
        } catch (IOException e) {
            throw BerthException.io("remove the attach socket link and log of " + dirs.id(), e);
        }
        discard.tree(dirs.dir());
    }

    /** The ids of all containers, running or not, created by this or an earlier daemon over the same state. */
    public List<String> list() {
        try (Stream<Path> entries = Files.list(config.stateDir())) {
            return entries.filter(p -> Files.isRegularFile(p.resolve("runtime")))
                    .map(p -> p.getFileName().toString()).sorted().toList();
        } catch (IOException e) {
            throw BerthException.io("list containers in " + config.stateDir(), e);
        }
    }

    /** The name of the OCI runtime running {@code id}. */
    public String runtimeName(String id) {
        ContainerDirs dirs = existing(id);
        try {
            return Files.readString(dirs.runtimeFile(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw BerthException.io("read runtime of container " + id, e);
        }
    }

    /** Connects to the container's stdio (see {@link AttachConnection}); the container must run. */
    public AttachConnection attach(String id) {
        ContainerDirs dirs = existing(id);
        try {
            return new AttachConnection(SeqpacketSocket.connect(dirs.attachSocket()));
        } catch (IOException e) {
            throw new BerthException(ErrorKind.FAILED_PRECONDITION, "attach to container " + id
                    + ": " + e.getMessage(), e);
        }
    }

    /** Resizes the container's terminal (created with a TTY) through conmon's control fifo. */
    public void resize(String id, int height, int width) {
        ContainerDirs dirs = existing(id);
        if (height <= 0 || width <= 0) {
            throw BerthException.invalid("resize container " + id + ": bad size " + height + "x" + width);
        }
        ConmonProcess.resize(dirs.ctlFifo(), "Container", id, height, width);
    }

    /** Whether the runtime has container {@code id}: created, running or exited, and not removed. */
    public boolean exists(String id) {
        return Files.isRegularFile(dirs(id).runtimeFile());
    }

    /** The container's bundle directory: its OCI config, and its own hosts, hostname and resolv.conf if any. */
    public Path bundle(String id) {
        return dirs(id).bundle();
    }

    /**
     * The container's k8s-file log, the file conmon writes ({@link LogFiles} finds the generations kept beside it),
     * if the container has run: kept apart from the runtime state ({@link RuntimeConfig#logDir}), the log outlives
     * that at a reboot.
     */
    public Optional<Path> log(String id) {
        Path log = dirs(id).log();
        return exists(id) || Files.exists(log) ? Optional.of(log) : Optional.empty();
    }

    /** The container's log so far, line by line, across the generations kept of it. */
    public List<LogLine> logs(String id) {
        List<LogLine> lines = new java.util.ArrayList<>();
        for (LogFiles.Generation g : new LogFiles(existing(id).log()).generations()) {
            try {
                Files.readAllLines(g.path(), StandardCharsets.UTF_8).stream().filter(l -> !l.isEmpty())
                        .map(LogLine::parse).forEach(lines::add);
            } catch (NoSuchFileException e) {
                // Deleted as beyond max-file since it was listed.
            } catch (IOException e) {
                throw BerthException.io("read log of container " + id, e);
            }
        }
        return lines;
    }

    private ContainerDirs dirs(String id) {
        return new ContainerDirs(config.stateDir(), config.socketDir(), config.logDir(), id);
    }

    private ContainerDirs existing(String id) {
        ContainerDirs dirs = dirs(id);
        if (!Files.isRegularFile(dirs.runtimeFile())) {
            throw BerthException.notFound("No such container: " + id);
        }
        return dirs;
    }

    private OciRuntime runtimeOf(String id) {
        return config.runtime(runtimeName(id));
    }

    private static void writeAtomically(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE);
    }
}
