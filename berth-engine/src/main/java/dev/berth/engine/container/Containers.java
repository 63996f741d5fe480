package dev.berth.engine.container;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.event.Event;
import dev.berth.engine.event.EventBus;
import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.runtime.AttachConnection;
import dev.berth.engine.runtime.CommandLine;
import dev.berth.engine.runtime.ContainerRuntime;
import dev.berth.engine.runtime.ContainerSpec;
import dev.berth.engine.runtime.ExitStatus;
import dev.berth.engine.runtime.RuntimeMessages;
import dev.berth.engine.runtime.WorkingDir;
import dev.berth.engine.snapshot.ContainerLayer;
import dev.berth.engine.snapshot.Snapshotter;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.Platform;
import dev.berth.oci.spec.PlatformMatcher;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The daemon's containers: the service the Engine API's container routes call. Creates containers from images
 * (record in the {@link ContainerStore}, container layer from the {@link Snapshotter}), runs them with the
 * {@link ContainerRuntime}, learns of their exits, applies restart policies and {@code AutoRemove}, and publishes
 * docker's container events. Operations on one container are serialised; {@link ContainerHook}s let networks and
 * volumes join in.
 *
 * <p>Containers outlive the daemon (each has its conmon): {@link #open} finds the running ones again, records the
 * exits it missed, and starts those a restart policy brings back with the daemon.
 */
public final class Containers implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(Containers.class.getName());
    static final int DEFAULT_STOP_TIMEOUT = 10;
    private static final Duration KILL_WAIT = Duration.ofSeconds(15);

    private final ContainerStore store;
    private final ImageStore images;
    private final EventBus events;
    private final ContainerRuntime runtime;
    private final Snapshotter snapshots;
    private final Path emptyLayer;
    private final List<ContainerHook> hooks = new CopyOnWriteArrayList<>();
    private final Map<String, ReentrantLock> locks = new ConcurrentHashMap<>();
    private final Waiters waiters = new Waiters();
    private final Map<String, List<CompletableFuture<AttachConnection>>> pendingAttach = new HashMap<>();
    /** Per running container: completes once its exit has been recorded (state, events, hooks). */
    private final Map<String, CompletableFuture<Container>> exitsRecorded = new ConcurrentHashMap<>();
    private final Map<String, Duration> backoff = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Void>> scheduledRestarts = new ConcurrentHashMap<>();
    /** Per exited AutoRemove container: the removal of its container layer, begun as soon as it exited. */
    private final Map<String, CompletableFuture<Void>> layerRemovals = new ConcurrentHashMap<>();
    /** Containers a client is restarting: their exit keeps them, AutoRemove or not, as dockerd's manual restart. */
    private final Set<String> restarting = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private Containers(ContainerStore store, ImageStore images, EventBus events, ContainerRuntime runtime,
            Snapshotter snapshots, Path emptyLayer) {
        this.store = store;
        this.images = images;
        images.trackUsers(id -> store.list().stream().filter(c -> c.imageId().equals(id))
                .sorted(java.util.Comparator.comparing((Container c) -> !c.state().running()))
                .map(c -> new ImageStore.ImageUser(c.id(), c.state().running())).toList());
        this.events = events;
        this.runtime = runtime;
        this.snapshots = snapshots;
        this.emptyLayer = emptyLayer;
    }

    /**
     * The containers recorded under {@code storeRoot}, with live restore: running containers are watched again, the
     * exits missed while no daemon ran are recorded, restart policies are honoured. Hooks added after open see only
     * later runs; add them before {@link #restore()}.
     */
    public static Containers open(ContainerStore store, ImageStore images, EventBus events, ContainerRuntime runtime,
            Snapshotter snapshots, Path emptyLayer) {
        try {
            java.nio.file.Files.createDirectories(emptyLayer);
        } catch (java.io.IOException e) {
            throw BerthException.io("create " + emptyLayer, e);
        }
        return new Containers(store, images, events, runtime, snapshots, emptyLayer);
    }

    public ContainerStore store() {
        return store;
    }

    public ContainerRuntime runtime() {
        return runtime;
    }

    public Snapshotter snapshots() {
        return snapshots;
    }

    public ImageStore images() {
        return images;
    }

    public void addHook(ContainerHook hook) {
        hooks.add(hook);
    }

    public Container get(String nameOrId) {
        return store.get(nameOrId);
    }

    public Optional<Container> find(String nameOrId) {
        return store.find(nameOrId);
    }

    public List<Container> list() {
        return store.list();
    }

    /** Runs {@code action} holding container {@code id}'s lock: one lifecycle operation per container at a time. */
    public <T> T locked(String id, java.util.function.Supplier<T> action) {
        ReentrantLock lock = locks.computeIfAbsent(id, k -> new ReentrantLock());
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    // ---- create ----------------------------------------------------------------------------------------------

    /**
     * {@code POST /containers/create}: a new container from the request body (Config with HostConfig inside);
     * NOT_FOUND {@code No such image: busybox:latest} when the image is missing (the CLI then pulls and retries),
     * CONFLICT when the name is taken. With {@code platform} ({@code ?platform=}, {@code --platform}), an image of
     * another platform is NOT_FOUND with dockerd's message, so that the CLI pulls the one asked for.
     */
    public Container create(Optional<String> name, ObjectNode request, Optional<String> platform) {
        String imageName = request.path("Image").asText("");
        if (imageName.isEmpty()) {
            throw BerthException.invalid("config cannot be empty in order to create a container");
        }
        ImageRecord image = images.find(imageName).orElseThrow(() -> ImageStore.noSuchImage(imageName));
        platform.filter(p -> !p.isEmpty()).map(Platform::parse).ifPresent(wanted -> {
            if (!PlatformMatcher.only(wanted).matches(image.platform())) {
                throw BerthException.notFound("image with reference " + imageName + " was found but does not match"
                        + " the specified platform: wanted " + wanted + ", actual: " + image.platform());
            }
        });
        String id = ContainerStore.newId();
        ObjectNode config = ConfigMerge.merge(normalised(request), images.config(image.id()).configOrEmpty(), id);
        ObjectNode hostConfig = request.get("HostConfig") instanceof ObjectNode h ? h.deepCopy()
                : Container.emptyObject();
        validate(image, config, hostConfig, request);
        if (NamespaceModes.hostUts(hostConfig)
                || NamespaceModes.hostNetwork(hostConfig) && request.path("Hostname").asText("").isEmpty()) {
            // As dockerd: the container has the host's UTS namespace, so it has the host's name; on the host's
            // network, it is named as the host unless told otherwise.
            config.put("Hostname", NamespaceModes.hostName());
        }
        String canonical = name.filter(n -> !n.isEmpty()).map(Names::canonical).orElseGet(store::generateName);
        store.find(canonical).filter(c -> c.name().equals(canonical)).ifPresent(c -> {
            throw nameInUse(canonical, c.id());
        });
        Container planned = new Container(id, canonical, Instant.now(), image.id(), config, hostConfig,
                State.CREATED, 0, false, snapshots.name());
        List<ContainerHook> ran = new ArrayList<>();
        AtomicReference<Container> completed = new AtomicReference<>(planned);
        try {
            // The hooks' records (the network's is fsync'd) and the container layer (directories, the overlay mount)
            // need nothing of each other: made at once, the create waits for the slower, not both. The record is
            // stored once both are there, so that a stored container always has its layer.
            ParallelSteps.run(List.of(() -> {
                for (ContainerHook h : hooks) {
                    completed.set(h.creating(completed.get(), request));
                    ran.add(h);
                }
            }, () -> {
                ContainerLayer layer = snapshots.create(id, lowers(image), planned.autoRemove());
                String workdir = config.path("WorkingDir").asText("");
                if (!workdir.isEmpty()) {
                    WorkingDir.create(layer.rootfs(), workdir);
                }
            }));
            store.add(completed.get());
        } catch (RuntimeException e) {
            undoCreate(completed.get(), ran, e);
            throw e;
        }
        Container c = completed.get();
        publish(c, "create", Map.of());
        return c;
    }

    /** A create that failed leaves nothing: what the hooks made (network records, anonymous volumes), the layer. */
    private void undoCreate(Container c, List<ContainerHook> ran, RuntimeException failure) {
        for (ContainerHook h : ran.reversed()) {
            try {
                h.removing(c, true);
            } catch (RuntimeException cleanup) {
                failure.addSuppressed(cleanup);
            }
        }
        try {
            snapshots.remove(c.id());
        } catch (RuntimeException cleanup) {
            failure.addSuppressed(cleanup);
        }
    }

    static BerthException nameInUse(String name, String ownerId) {
        return new BerthException(ErrorKind.CONFLICT, "Conflict. The container name \"" + name
                + "\" is already in use by container \"" + ownerId + "\". You have to remove (or rename) that"
                + " container to be able to reuse that name.");
    }

    /** Cmd and Entrypoint may be sent as a string (docker's {@code StrSlice}); records keep lists. */
    private static ObjectNode normalised(ObjectNode request) {
        ObjectNode r = request.deepCopy();
        for (String field : List.of("Cmd", "Entrypoint")) {
            if (r.get(field) != null && r.get(field).isTextual()) {
                String v = r.get(field).asText();
                r.putArray(field).add(v);
            }
        }
        return r;
    }

    private void validate(ImageRecord image, ObjectNode config, ObjectNode hostConfig, ObjectNode request) {
        Container probe = new Container("0".repeat(64), "/probe", Instant.EPOCH, image.id(), config, hostConfig,
                State.CREATED, 0, false, "");
        CommandLine.combine(probe.entrypoint(), probe.cmd(), Optional.empty(), Optional.empty());
        String workdir = config.path("WorkingDir").asText("");
        if (!workdir.isEmpty() && !workdir.startsWith("/")) {
            throw BerthException.invalid("the working directory '" + workdir + "' is invalid, it needs to be an"
                    + " absolute path");
        }
        CgroupSupport.host().discard(hostConfig);
        UnsupportedSettings.check(config, hostConfig, request.path("NetworkingConfig"));
        SpecBuilder.validate(hostConfig, request.path("Hostname").asText(""));
        NamespaceModes.checkPeersExist(hostConfig, peer -> store.find(peer).isPresent());
        String stopSignal = request.path("StopSignal").asText("");
        if (!stopSignal.isEmpty()) {
            Signals.parse(stopSignal);
        }
        RestartPolicy policy = probe.restartPolicy();
        if (probe.autoRemove() && !policy.name().equals("no")) {
            throw BerthException.invalid("can't create 'AutoRemove' container with restart policy");
        }
        probe.runtime().ifPresent(r -> runtime.config().runtime(r));
        for (String env : probe.env()) {
            if (env.isEmpty() || env.startsWith("=")) {
                throw BerthException.invalid("invalid environment variable: " + env);
            }
        }
    }

    private List<Path> lowers(ImageRecord image) {
        List<Path> lowers = new ArrayList<>();
        for (ImageLayer l : image.layers().reversed()) {
            lowers.add(images.layers().path(l.chainId()));
        }
        return lowers.isEmpty() ? List.of(emptyLayer) : lowers;
    }

    // ---- start -----------------------------------------------------------------------------------------------

    /** Starts the container; false when it runs already (docker's 304). */
    public boolean start(String nameOrId) {
        Container c = get(nameOrId);
        return locked(c.id(), () -> {
            Container current = store.get(c.id());
            switch (current.state().status()) {
                case RUNNING -> {
                    return false;
                }
                case PAUSED -> throw new BerthException(ErrorKind.CONFLICT,
                        "cannot start a paused container, try unpause instead");
                case REMOVING, DEAD -> throw markedForRemoval();
                default -> {
                }
            }
            if (layerRemovals.containsKey(c.id())) {
                throw markedForRemoval();
            }
            cancelRestart(c.id());
            backoff.remove(c.id());
            // As dockerd's start by a user (containerStart with resetRestartManager): the policy counts anew.
            store.update(c.id(), x -> x.withManuallyStopped(false).withRestartCount(0));
            try {
                run(c.id());
            } catch (RuntimeException e) {
                if (current.autoRemove()) {
                    // As dockerd: a container that was to be removed when it ends goes when it cannot start.
                    try {
                        remove(c.id(), true, true);
                    } catch (RuntimeException cleanup) {
                        e.addSuppressed(cleanup);
                    }
                }
                throw e;
            }
            return true;
        });
    }

    private static BerthException markedForRemoval() {
        return new BerthException(ErrorKind.CONFLICT, "container is marked for removal and cannot be started");
    }

    /** One run of a container: the caller holds its lock. */
    private void run(String id) {
        Container c = store.get(id);
        snapshots.mount(id);
        ContainerLayer layer = snapshots.find(id).orElseThrow(() -> new BerthException(ErrorKind.INTERNAL,
                "container " + id + " has no container layer"));
        List<ContainerHook> ran = new ArrayList<>();
        ContainerSpec spec;
        try {
            spec = SpecBuilder.build(c, layer.rootfs(), store::get);
        } catch (RuntimeException e) {
            throw startFailed(c, e);
        }
        try {
            for (ContainerHook h : hooks) {
                spec = h.beforeStart(c, spec);
                ran.add(h);
            }
            runtime.create(spec, c.runtime().orElse(runtime.config().defaultRuntime()), c.stdinOnce(),
                    c.logSettings());
        } catch (RuntimeException e) {
            afterStop(c, ran);
            throw startFailed(c, e);
        }
        try {
            for (ContainerHook h : ran) {
                h.beforeRun(c);
            }
            connectAttachers(id);
        } catch (RuntimeException e) {
            runtime.remove(id, true);
            afterStop(c, ran);
            throw startFailed(c, e);
        }
        int pid = runtime.pid(id).orElse(0);
        String hostname = spec.hostname();
        CompletableFuture<Container> recorded = new CompletableFuture<>();
        exitsRecorded.put(id, recorded);
        // The record says running while the runtime starts the process: its fsync (1-30 ms on a busy disk) and the
        // runtime's start (~6 ms) overlap. A start that fails is recorded as such below; a daemon that dies
        // in between finds a running record of a process that is not, and records its exit (restore).
        CompletableFuture<Container> running = new CompletableFuture<>();
        try {
            ParallelSteps.run(List.of(() -> runtime.start(id),
                    () -> running.complete(store.update(id, x -> x.withHostname(hostname)
                            .withState(x.state().started(pid, Instant.now()))))));
        } catch (RuntimeException e) {
            exitsRecorded.remove(id, recorded);
            runtime.remove(id, true);
            afterStop(c, ran);
            throw startFailed(c, e);
        }
        publish(running.join(), "start", Map.of());
        watchExit(id, recorded);
    }

    private void watchExit(String id, CompletableFuture<Container> recorded) {
        runtime.onExit(id).whenComplete((exit, failure) -> Thread.ofVirtual().start(() -> {
            if (failure != null) {
                recorded.completeExceptionally(failure);
                return;
            }
            try {
                recorded.complete(exited(id, exit));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "record exit of container " + id, e);
                recorded.completeExceptionally(e);
            }
        }));
    }

    private RuntimeException startFailed(Container c, RuntimeException e) {
        String message = e instanceof BerthException b && b.getCause() instanceof BerthException inner
                ? inner.getMessage() : e.getMessage();
        int code = RuntimeMessages.recordedExitCode(message);
        try {
            // From the state before this start, c's: the record may say running by now (saved beside the runtime's
            // start), while a container that never ran stays as dockerd leaves it, created, with no StartedAt.
            store.update(c.id(), x -> x.withState(c.state().failedStart(code, message)));
        } catch (RuntimeException update) {
            e.addSuppressed(update);
        }
        ErrorKind kind = e instanceof BerthException b ? b.kind() : ErrorKind.INTERNAL;
        return new BerthException(kind, message, e);
    }

    private void afterExit(Container c, boolean removalFollows) {
        for (ContainerHook h : hooks.reversed()) {
            try {
                h.afterExit(c, removalFollows);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "release container " + c.id() + " after its exit", e);
            }
        }
    }

    private void afterStop(Container c, List<ContainerHook> ran) {
        for (ContainerHook h : ran.reversed()) {
            try {
                h.afterStop(c);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "release container " + c.id() + " after its run", e);
            }
        }
    }

    /** Records an exit: state, {@code die} event, waits, then AutoRemove or the restart policy. */
    private Container exited(String id, ExitStatus exit) {
        Optional<Container> before = store.byId(id);
        if (before.isEmpty()) {
            return null;
        }
        boolean autoRemove = before.get().autoRemove() && !restarting.contains(id);
        if (autoRemove && !closed && SpecBuilder.ownPidNamespace(before.get())) {
            // The layer goes with the container: unmounted and deleted while the runtime state is released and the
            // exit recorded, instead of after them. Nothing uses it any more: the container has its own pid
            // namespace, whose processes the kernel has ended before its init's exit is reported. Not so with
            // --pid host or container:NAME, where its other processes live on until the runtime's delete.
            layerRemovals.put(id, CompletableFuture.runAsync(() -> snapshots.remove(id),
                    Thread.ofVirtual().name("berth-layer-removal")::start));
        }
        Runnable release = () -> {
            try {
                runtime.release(id);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "release runtime state of container " + id, e);
            }
        };
        if (SpecBuilder.ownPidNamespace(before.get())) {
            ParallelSteps.run(List.of(release, () -> afterExit(before.get(), autoRemove && !closed)));
        } else {
            release.run();
        }
        // afterStop after the release, not at once: a health probe stopped while runc delete runs could leave its
        // exec's conmon waiting forever (DockerCliOpsTest's leak check).
        afterStop(before.get(), hooks);
        UnaryOperator<Container> exitedState = x -> x.withState(x.state().exited(exit.code(), exit.oomKilled(),
                exit.finishedAt()));
        // Not saved when the removal follows: the record on disk, running, has a restarted daemon record the exit
        // again and remove the container (each save fsyncs, on the path to the client's answer).
        Container c = autoRemove && !closed ? store.updateInMemory(id, exitedState) : store.update(id, exitedState);
        if (exit.oomKilled()) {
            publish(c, "oom", Map.of());
        }
        publish(c, "die", Map.of("exitCode", Integer.toString(exit.code())));
        waiters.exited(id, exit.code());
        if (closed) {
            return c;
        }
        if (autoRemove) {
            Thread.ofVirtual().start(() -> {
                try {
                    remove(id, true, true);
                } catch (BerthException e) {
                    // Already gone: a client's rm -f came first, as happens to every --rm container it removes.
                    if (e.kind() != ErrorKind.NOT_FOUND) {
                        LOG.log(Level.WARNING, "auto-remove container " + id, e);
                    }
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "auto-remove container " + id, e);
                }
            });
        } else if (c.restartPolicy().shouldRestart(exit.code(), c.restartCount(), c.manuallyStopped())) {
            scheduleRestart(c);
        }
        return c;
    }

    private void scheduleRestart(Container c) {
        Duration ran = c.state().startedAt().map(s -> Duration.between(s, Instant.now())).orElse(Duration.ZERO);
        Duration delay = backoff.merge(c.id(), RestartPolicy.backoff(Duration.ZERO, ran),
                (previous, first) -> RestartPolicy.backoff(previous, ran));
        store.update(c.id(), x -> x.withState(x.state().withStatus(State.Status.RESTARTING)));
        CompletableFuture<Void> restart = new CompletableFuture<>();
        scheduledRestarts.put(c.id(), restart);
        CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS).execute(() -> {
            if (restart.isDone() || closed) {
                return;
            }
            try {
                locked(c.id(), () -> {
                    if (scheduledRestarts.remove(c.id(), restart) && !restart.isDone()) {
                        store.update(c.id(), x -> x.withRestartCount(x.restartCount() + 1));
                        run(c.id());
                    }
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "restart container " + c.id(), e);
                store.byId(c.id()).filter(x -> x.state().status() == State.Status.RESTARTING)
                        .ifPresent(x -> store.update(c.id(), y -> y.withState(y.state()
                                .withStatus(State.Status.EXITED))));
            } finally {
                restart.complete(null);
            }
        });
    }

    /** Cancels a pending restart; true if there was one. */
    private boolean cancelRestart(String id) {
        CompletableFuture<Void> pending = scheduledRestarts.remove(id);
        if (pending == null) {
            return false;
        }
        pending.complete(null);
        store.byId(id).filter(x -> x.state().status() == State.Status.RESTARTING)
                .ifPresent(x -> store.update(id, y -> y.withState(y.state().withStatus(State.Status.EXITED))));
        return true;
    }

    // ---- stop, kill, restart -----------------------------------------------------------------------------------

    /**
     * Docker's stop: {@code signal} (else the container's StopSignal, else SIGTERM), then SIGKILL after
     * {@code timeout} seconds (else its StopTimeout, else 10; negative waits forever). False when it was not running
     * (docker's 304). Returns once the exit is recorded.
     */
    public boolean stop(String nameOrId, Optional<Integer> timeout, Optional<String> signal) {
        Container c = get(nameOrId);
        return locked(c.id(), () -> {
            Container current = store.update(c.id(), x -> x.withManuallyStopped(true));
            if (cancelRestart(c.id())) {
                return true;
            }
            if (!current.state().running()) {
                return false;
            }
            String sig = signal.filter(s -> !s.isEmpty()).orElse(current.stopSignal());
            int number = Signals.parse(sig);
            int seconds = timeout.or(current::stopTimeout).orElse(DEFAULT_STOP_TIMEOUT);
            CompletableFuture<Container> recorded = exitsRecorded.getOrDefault(c.id(), new CompletableFuture<>());
            signal(current, number);
            if (!awaitRecorded(recorded, seconds < 0 ? Optional.empty() : Optional.of(Duration.ofSeconds(seconds)))) {
                signal(current, Signals.SIGKILL);
                if (!awaitRecorded(recorded, Optional.of(KILL_WAIT))) {
                    throw new BerthException(ErrorKind.INTERNAL, "cannot stop container: " + c.id()
                            + ": tried to kill container, but did not receive an exit event");
                }
            }
            publish(store.get(c.id()), "stop", Map.of());
            return true;
        });
    }

    private static boolean awaitRecorded(CompletableFuture<Container> recorded, Optional<Duration> timeout) {
        try {
            if (timeout.isPresent()) {
                recorded.get(timeout.get().toMillis(), TimeUnit.MILLISECONDS);
            } else {
                recorded.get();
            }
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BerthException(ErrorKind.UNAVAILABLE, "stop container: interrupted");
        }
    }

    private void signal(Container c, int number) {
        publish(c, "kill", Map.of("signal", Integer.toString(number)));
        runtime.kill(c.id(), Integer.toString(number));
    }

    /** {@code POST /containers/{id}/kill}: CONFLICT when it is not running, as docker. */
    public void kill(String nameOrId, String signal) {
        Container c = get(nameOrId);
        int number = Signals.parse(signal.isEmpty() ? "KILL" : signal);
        locked(c.id(), () -> {
            Container current = store.get(c.id());
            if (!current.state().running()) {
                throw new BerthException(ErrorKind.CONFLICT, "cannot kill container: " + nameOrId + ": container "
                        + current.id() + " is not running");
            }
            if (number == Signals.SIGKILL || number == Signals.parse(current.stopSignal())) {
                store.update(c.id(), x -> x.withManuallyStopped(true));
            }
            CompletableFuture<Container> recorded = exitsRecorded.get(c.id());
            signal(current, number);
            if (number == Signals.SIGKILL && recorded != null) {
                awaitRecorded(recorded, Optional.of(KILL_WAIT));
            }
            return null;
        });
    }

    /** Stop (if running), then start; resets the restart back-off. */
    public void restart(String nameOrId, Optional<Integer> timeout, Optional<String> signal) {
        Container c = get(nameOrId);
        restarting.add(c.id());
        try {
            stop(c.id(), timeout, signal);
            start(c.id());
        } finally {
            restarting.remove(c.id());
        }
        publish(store.get(c.id()), "restart", Map.of());
    }

    // ---- wait --------------------------------------------------------------------------------------------------

    /**
     * Registers a wait; the future completes with the exit code. The registration is done when this returns, so a
     * client that waits and then starts (the docker CLI) sees the exit.
     */
    public CompletableFuture<Integer> await(String nameOrId, WaitCondition condition) {
        Container c = get(nameOrId);
        return locked(c.id(), () -> {
            Container current = store.get(c.id());
            if (condition == WaitCondition.NOT_RUNNING && !current.state().running()
                    && current.state().status() != State.Status.RESTARTING) {
                return CompletableFuture.completedFuture(current.state().exitCode());
            }
            return waiters.add(c.id(), condition);
        });
    }

    // ---- attach ------------------------------------------------------------------------------------------------

    /**
     * A connection to the container's stdio: at once when it runs, else when it next starts (after its process is
     * created and before it runs, so none of its output is missed). An exited container waits for its next start as
     * a created one does: {@code docker start -a} attaches before it starts, as dockerd's attach joins the streams
     * of a stopped container (the CLI's {@code docker attach} refuses a stopped container itself). CONFLICT for a
     * paused container, or one on its way out.
     */
    public CompletableFuture<AttachConnection> attach(String nameOrId) {
        Container c = get(nameOrId);
        return locked(c.id(), () -> {
            Container current = store.get(c.id());
            switch (current.state().status()) {
                case RUNNING -> {
                    return CompletableFuture.completedFuture(runtime.attach(c.id()));
                }
                case PAUSED -> throw new BerthException(ErrorKind.CONFLICT,
                        "You cannot attach to a paused container, unpause it first");
                case CREATED, RESTARTING, EXITED -> {
                    CompletableFuture<AttachConnection> f = new CompletableFuture<>();
                    synchronized (pendingAttach) {
                        pendingAttach.computeIfAbsent(c.id(), k -> new ArrayList<>()).add(f);
                    }
                    return f;
                }
                default -> throw new BerthException(ErrorKind.CONFLICT,
                        "You cannot attach to a stopped container, start it first");
            }
        });
    }

    /** Forgets an attach that was not connected yet (its client went away). */
    public void cancelAttach(String id, CompletableFuture<AttachConnection> pending) {
        synchronized (pendingAttach) {
            List<CompletableFuture<AttachConnection>> list = pendingAttach.get(id);
            if (list != null) {
                list.remove(pending);
            }
        }
        pending.cancel(false);
    }

    private void connectAttachers(String id) {
        List<CompletableFuture<AttachConnection>> waiting;
        synchronized (pendingAttach) {
            waiting = pendingAttach.remove(id);
        }
        if (waiting == null) {
            return;
        }
        for (CompletableFuture<AttachConnection> f : waiting) {
            try {
                f.complete(runtime.attach(id));
            } catch (RuntimeException e) {
                f.completeExceptionally(e);
            }
        }
    }

    private void failAttachers(String id, RuntimeException cause) {
        List<CompletableFuture<AttachConnection>> waiting;
        synchronized (pendingAttach) {
            waiting = pendingAttach.remove(id);
        }
        if (waiting != null) {
            waiting.forEach(f -> f.completeExceptionally(cause));
        }
    }

    // ---- remove, rename ----------------------------------------------------------------------------------------

    /**
     * {@code docker rm}: CONFLICT for a running container unless {@code force}, which kills it first. Removes the
     * runtime state, the container layer and the record; {@code removeVolumes} goes to the hooks.
     */
    public void remove(String nameOrId, boolean force, boolean removeVolumes) {
        Container c = get(nameOrId);
        locked(c.id(), () -> {
            Container current = store.byId(c.id()).orElseThrow(() -> ContainerStore.noSuchContainer(nameOrId));
            if (current.state().status() == State.Status.REMOVING) {
                throw new BerthException(ErrorKind.CONFLICT, "removal of container " + nameOrId
                        + " is already in progress");
            }
            if (current.state().running() && !force) {
                String what = current.state().status() == State.Status.PAUSED ? "paused" : "running";
                throw new BerthException(ErrorKind.CONFLICT, "cannot remove container \"" + current.name()
                        + "\": container is " + what + ": stop the container before removing or force remove");
            }
            cancelRestart(c.id());
            if (current.state().running()) {
                store.update(c.id(), x -> x.withManuallyStopped(true));
                CompletableFuture<Container> recorded = exitsRecorded.get(c.id());
                runtime.kill(c.id(), "KILL");
                if (recorded != null) {
                    awaitRecorded(recorded, Optional.of(KILL_WAIT));
                }
            }
            UnaryOperator<Container> marking = x -> x.withState(x.state().withStatus(State.Status.REMOVING));
            removeMarked(removedByRestore(store.get(c.id())) ? store.updateInMemory(c.id(), marking)
                    : store.update(c.id(), marking), removeVolumes);
            return null;
        });
        locks.remove(c.id());
    }

    /**
     * Whether a restarted daemon removes {@code c} whatever its record on disk says of it (so a removal it did not
     * finish needs no mark): an AutoRemove container, as dockerd's restore removes every one that does not run, one
     * never started included (20.10's daemon.restore: AutoRemove and not running).
     */
    private static boolean removedByRestore(Container c) {
        return c.autoRemove();
    }

    /**
     * The rest of a removal once the container is recorded as REMOVING: what it holds, then its record. The caller
     * holds its lock.
     */
    private void removeMarked(Container removing, boolean removeVolumes) {
        String id = removing.id();
        failAttachers(id, new BerthException(ErrorKind.CONFLICT, "container " + id + " was removed"));
        ParallelSteps.run(List.of(() -> {
            if (runtime.exists(id)) {
                runtime.remove(id, true);
            }
        }, () -> {
            for (ContainerHook h : hooks) {
                h.removing(removing, removeVolumes);
            }
        }, () -> removeLayer(id)));
        store.remove(id);
        exitsRecorded.remove(id);
        backoff.remove(id);
        publish(removing, "destroy", Map.of());
        waiters.removed(id, removing.state().exitCode());
    }

    /** Removes the container layer, or waits for the removal its exit began (tried again if that one failed). */
    private void removeLayer(String id) {
        CompletableFuture<Void> begun = layerRemovals.remove(id);
        if (begun == null) {
            snapshots.remove(id);
            return;
        }
        try {
            begun.join();
        } catch (java.util.concurrent.CompletionException e) {
            try {
                snapshots.remove(id);
            } catch (RuntimeException again) {
                again.addSuppressed(e.getCause());
                throw again;
            }
        }
    }

    /** {@code docker rename}: docker's messages for an invalid, unchanged or taken name. */
    public void rename(String nameOrId, String newName) {
        if (newName.isEmpty()) {
            throw BerthException.invalid("Neither old nor new names may be empty");
        }
        String canonical = Names.canonical(newName);
        Container c = get(nameOrId);
        locked(c.id(), () -> {
            Container current = store.get(c.id());
            if (current.name().equals(canonical)) {
                throw BerthException.invalid("Renaming a container with the same name as its current name");
            }
            // dockerd wraps the conflict of the name it could not reserve; compose's users match these words
            store.find(canonical).filter(o -> o.name().equals(canonical)).ifPresent(o -> {
                BerthException inUse = nameInUse(canonical, o.id());
                throw new BerthException(inUse.kind(), "Error when allocating new name: " + inUse.getMessage());
            });
            Container renamed = store.update(c.id(), x -> x.withName(canonical));
            publish(renamed, "rename", Map.of("oldName", current.name()));
            return null;
        });
    }

    // ---- events ------------------------------------------------------------------------------------------------

    /** Publishes a container event: attributes are its labels, image and name, plus {@code extra}. */
    public void publish(Container c, String action, Map<String, String> extra) {
        Map<String, String> attributes = new HashMap<>(c.labels());
        attributes.put("image", c.imageName());
        attributes.put("name", c.plainName());
        attributes.putAll(extra);
        events.publish(new Event("container", action, c.id(), attributes, Instant.now()));
    }

    // ---- live restore ------------------------------------------------------------------------------------------

    /**
     * Takes over the containers a previous daemon left: watches those still running, records the exits it missed
     * (their exit codes, kept by conmon), and starts those whose restart policy says so.
     */
    public void restore() {
        List<String> known = runtime.list();
        for (Container c : store.list()) {
            try {
                locked(c.id(), () -> {
                    restoreOne(c, known.contains(c.id()));
                    return null;
                });
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "restore container " + c.id(), e);
            }
        }
    }

    private void restoreOne(Container c, boolean runtimeKnows) {
        switch (c.state().status()) {
            // Never started: an AutoRemove one goes with its anonymous volumes, as dockerd's restore removes it.
            case CREATED -> {
                if (runtimeKnows && runtime.state(c.id()).running()) {
                    // Killed inside a start, between the runtime's start and the record's (they go side by side):
                    // it runs, and is the daemon's as one recorded running.
                    int pid = runtime.pid(c.id()).orElse(0);
                    store.update(c.id(), x -> x.withState(x.state().started(pid, Instant.now())));
                    CompletableFuture<Container> recorded = new CompletableFuture<>();
                    exitsRecorded.put(c.id(), recorded);
                    watchExit(c.id(), recorded);
                } else if (removedByRestore(c)) {
                    removeMarked(store.updateInMemory(c.id(), x -> x.withState(x.state()
                            .withStatus(State.Status.REMOVING))), true);
                }
            }
            case RUNNING, PAUSED, RESTARTING -> {
                if (runtimeKnows && runtime.state(c.id()).running()) {
                    CompletableFuture<Container> recorded = new CompletableFuture<>();
                    exitsRecorded.put(c.id(), recorded);
                    watchExit(c.id(), recorded);
                    return;
                }
                if (c.state().status() == State.Status.RESTARTING && !runtimeKnows) {
                    store.update(c.id(), x -> x.withState(x.state().withStatus(State.Status.EXITED)));
                    scheduleRestart(store.get(c.id()));
                    return;
                }
                ExitStatus exit = runtimeKnows ? runtime.state(c.id()).exit()
                        .orElse(new ExitStatus(255, false, Instant.now())) : new ExitStatus(255, false, Instant.now());
                exited(c.id(), exit);
            }
            // A removal the previous daemon did not finish (remove() would refuse it as in progress); its
            // anonymous volumes stay, as it is not known whether they were to go.
            case REMOVING -> removeMarked(c, false);
            // An AutoRemove container that exited and was not removed (the daemon stopped first, or was killed
            // during the removal, which such a container's record does not show): removed with its anonymous
            // volumes, as its exit would have.
            case EXITED -> {
                if (removedByRestore(c)) {
                    removeMarked(store.updateInMemory(c.id(), x -> x.withState(x.state()
                            .withStatus(State.Status.REMOVING))), true);
                } else if (c.state().startedAt().isPresent() && c.restartPolicy().restartsWithDaemon(
                        c.state().exitCode(), c.restartCount(), c.manuallyStopped())) {
                    // dockerd starts these at its start too, beside serving: an always container stopped by hand,
                    // one that exited while the daemon shut down (no restart is scheduled then).
                    Thread.ofVirtual().name("restore-start-" + c.id()).start(() -> startOnRestore(c.id()));
                }
            }
            default -> {
            }
        }
    }

    /** A start as dockerd's at its start: as a user's, the restart count and the manual stop reset. */
    private void startOnRestore(String id) {
        try {
            locked(id, () -> {
                if (!closed && store.byId(id).map(x -> x.state().status() == State.Status.EXITED).orElse(false)) {
                    backoff.remove(id);
                    store.update(id, x -> x.withManuallyStopped(false));
                    run(id);
                }
                return null;
            });
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "start container " + id + " as its restart policy asks, at the daemon's start", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        scheduledRestarts.values().forEach(f -> f.complete(null));
        runtime.close();
    }
}
