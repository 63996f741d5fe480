package dev.berth.engine.build;

import dev.berth.oci.layer.FileTree;
import dev.berth.engine.build.context.BuildContext;
import dev.berth.engine.build.dockerfile.Dockerfile;
import dev.berth.engine.build.dockerfile.Instruction;
import dev.berth.engine.build.dockerfile.Node;
import dev.berth.engine.build.dockerfile.Stage;
import dev.berth.engine.config.DataRoot;
import dev.berth.engine.image.ImageLayer;
import dev.berth.engine.image.ImageLoader;
import dev.berth.engine.image.ImageRecord;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.image.Pins;
import dev.berth.engine.runtime.ContainerRuntime;
import dev.berth.engine.runtime.RuntimeConfig;
import dev.berth.engine.snapshot.OverlaySnapshotter;
import dev.berth.engine.snapshot.Snapshotter;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.reference.Reference;
import dev.berth.oci.spec.Platform;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Builds images from Dockerfiles, as docker's classic builder: parses the Dockerfile of the context, builds the
 * stages the target needs (stages nothing refers to are skipped; stages that do not depend on each other build at
 * the same time, their output kept in stage order), then records the target stage's image and tags it. Nothing is
 * tagged when any step fails.
 *
 * <pre>
 * WORK/cache/      the {@link BuildCache}
 * WORK/snapshots/  the workspaces of running steps (overlay mounts), gone when the step ends
 * WORK/empty/      the lower directory of a workspace over scratch
 * </pre>
 */
public final class Builder {
    private final ImageStore store;
    private final Snapshotter snapshots;
    private final CommandRunner runner;
    private final BaseImages baseImages;
    private final BuildCache cache;
    private final Path work;

    public Builder(ImageStore store, Snapshotter snapshots, CommandRunner runner, BaseImages baseImages, Path work) {
        this.store = store;
        this.snapshots = snapshots;
        this.runner = runner;
        this.baseImages = baseImages;
        this.work = work;
        this.cache = new BuildCache(work.resolve("cache"), store);
        try {
            Files.createDirectories(work.resolve("empty"));
            // What a crashed daemon left: contexts and downloads of builds that never finished, their workspaces.
            deleteQuietly(work.resolve("tmp"));
            Files.createDirectories(work.resolve("tmp"));
            snapshots.list().forEach(snapshots::remove);
        } catch (IOException e) {
            throw BerthException.io("create build directories under " + work, e);
        }
    }

    /**
     * The daemon's builder: workspaces on overlayfs under {@code DATA_ROOT/build}, RUN with runc under conmon (state
     * in {@code build/run}, cgroups below {@code /berth-build}), base images through {@code baseImages}.
     */
    public static Builder open(DataRoot root, ImageStore store, BaseImages baseImages) {
        Path work = root.root().resolve("build");
        RuntimeConfig base = RuntimeConfig.under(work.resolve("run"));
        ContainerRuntime runtime = ContainerRuntime.open(new RuntimeConfig(base.stateDir(), base.socketDir(),
                base.conmon(), base.runtimes(), base.defaultRuntime(), "/berth-build"));
        return new Builder(store, OverlaySnapshotter.open(work.resolve("snapshots")),
                new ContainerCommandRunner(runtime), baseImages, work);
    }

    /** Stops the builder's container runtime; the daemon calls it on shutdown. */
    public void close() {
        runner.close();
    }

    /** A new empty directory for a build's context; the caller deletes it after the build. */
    public Path newContextDir() {
        try {
            return Files.createDirectories(work.resolve("tmp").resolve("context-" + UUID.randomUUID()));
        } catch (IOException e) {
            throw BerthException.io("create build context directory", e);
        }
    }

    /** Removes a directory {@link #newContextDir} made. */
    public void removeContextDir(Path dir) {
        deleteQuietly(dir);
    }

    /** Parses the context's Dockerfile: errors here come before any progress, as docker's do. */
    public Dockerfile dockerfile(BuildContext context, BuildOptions options) {
        Dockerfile d = Dockerfile.parse(context.dockerfile(options.dockerfile()));
        d.target(options.target());
        return d;
    }

    /** Builds {@code dockerfile} in {@code context}; returns the image ID. */
    public Digest build(BuildContext context, Dockerfile dockerfile, BuildOptions options, BuildProgress progress) {
        context.applyIgnore(context.dockerignore());
        Stage target = dockerfile.target(options.target());
        List<Stage> needed = needed(dockerfile, target);
        List<Instruction> extra = labelStep(options);
        Path tmp = work.resolve("tmp").resolve(UUID.randomUUID().toString());
        Set<String> consumed = ConcurrentHashMap.newKeySet();
        BuildVariables globals = BuildVariables.global(options.buildArgs(), dockerfile.metaArgs(), consumed,
                dockerfile.directives().escape());
        Map<Integer, Future<BuildImage>> results = new ConcurrentHashMap<>();
        BuildSession session = new BuildSession(store, cache, new LayerCommitter(store), snapshots,
                work.resolve("empty"), runner, baseImages, context, options, tmp,
                name -> dockerfile.stage(name).map(s -> await(results.get(s.index()), name)));
        int total = needed.stream().mapToInt(s -> s.instructions().size() + 1).sum() + extra.size();
        OrderedProgress ordered = new OrderedProgress(progress, needed.size());
        BuildImage image;
        List<BuildImage> others = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            int first = 1;
            for (int i = 0; i < needed.size(); i++) {
                Stage s = needed.get(i);
                int position = i;
                StageBuilder.StepCounter counter = new StageBuilder.StepCounter(first, total);
                List<Instruction> stageExtra = s == target ? extra : List.of();
                first += s.instructions().size() + 1 + stageExtra.size();
                results.put(s.index(), pool.submit(() -> {
                    try {
                        return new StageBuilder(session, s, globals, dockerfile.directives().escape(),
                                ordered.forStage(position), counter).build(stageExtra);
                    } finally {
                        ordered.finished(position);
                    }
                }));
            }
            try {
                image = await(results.get(target.index()), "target");
                for (Stage s : needed) {
                    BuildImage built = await(results.get(s.index()), "stage");
                    if (s != target) {
                        others.add(built);
                    }
                }
            } catch (RuntimeException e) {
                results.values().forEach(f -> f.cancel(true));
                throw e;
            }
        } finally {
            deleteQuietly(tmp);
        }
        warnUnused(options, consumed, progress);
        return record(image, others, options, progress);
    }

    /**
     * Builds the target once for each of {@code platforms}: the images of a multi-platform image, recorded untagged
     * for the caller to push with an index. RUN runs on the host's platform only, so the stages the target needs
     * must have none (checked before anything is built); each platform's base images are pulled for it.
     */
    public List<Digest> buildPlatforms(BuildContext context, Dockerfile dockerfile, BuildOptions options,
            List<Platform> platforms, BuildProgress progress) {
        for (Stage s : needed(dockerfile, dockerfile.target(options.target()))) {
            for (Instruction i : s.instructions()) {
                if (i instanceof Instruction.Run) {
                    throw BerthException.invalid("dockerfile line " + i.node().startLine() + ": " + i.text()
                            + ": a build for several platforms runs no RUN (RUN runs on the host's platform only)");
                }
            }
        }
        List<Digest> ids = new ArrayList<>();
        for (Platform p : platforms) {
            progress.stream("Platform " + p + ":\n");
            ids.add(build(context, dockerfile, options.withPlatform(p).withTags(List.of()), progress));
        }
        return ids;
    }

    /**
     * Records the target's image and tags it. The other stages' results are recorded untagged, as the classic
     * builder leaves them ({@code <none>} images): their layers then outlive a daemon restart, and so does the cache
     * of their steps.
     */
    private Digest record(BuildImage image, List<BuildImage> others, BuildOptions options, BuildProgress progress) {
        Digest id = image.id().orElseThrow(() -> BerthException.invalid("No image was generated. Is your Dockerfile empty?"));
        try (Pins.Lease lease = store.lease()) {
            for (BuildImage other : others) {
                other.id().ifPresent(o -> register(other, o, lease));
            }
            register(image, id, lease);
            progress.stream("Successfully built " + id.encoded().substring(0, 12) + "\n");
            for (Reference tag : options.tags()) {
                store.tag(tag, id);
                progress.stream("Successfully tagged " + tag.familiarString() + "\n");
            }
        }
        return id;
    }

    private void register(BuildImage image, Digest id, Pins.Lease lease) {
        lease.pin(id);
        long size = 0;
        for (ImageLayer l : image.layers()) {
            lease.pin(l.chainId());
            lease.pin(l.digests().digest());
            size += l.size();
        }
        byte[] config = store.configBytes(id);
        store.register(new ImageRecord(id, config.length, image.config().platform(),
                ImageLoader.created(image.config()), size, Optional.empty(), image.layers()));
    }

    /** The target and the stages it needs through FROM and {@code COPY --from}, in Dockerfile order. */
    static List<Stage> needed(Dockerfile d, Stage target) {
        Set<Integer> seen = new TreeSet<>();
        List<Stage> todo = new ArrayList<>(List.of(target));
        while (!todo.isEmpty()) {
            Stage s = todo.removeLast();
            if (!seen.add(s.index())) {
                continue;
            }
            d.stage(s.from().image()).filter(dep -> dep.index() < s.index()).ifPresent(todo::add);
            for (Instruction i : s.instructions()) {
                if (i instanceof Instruction.Copy c && c.from().isPresent()) {
                    d.stage(c.from().get()).filter(dep -> dep.index() < s.index()).ifPresent(todo::add);
                }
            }
        }
        return seen.stream().map(d.stages()::get).toList();
    }

    /** {@code --label}s become a LABEL step at the end of the target stage, as in docker's classic builder. */
    private static List<Instruction> labelStep(BuildOptions options) {
        if (options.labels().isEmpty()) {
            return List.of();
        }
        List<Instruction.KeyValue> pairs = new ArrayList<>();
        StringBuilder text = new StringBuilder("LABEL");
        new TreeMap<>(options.labels()).forEach((k, v) -> {
            pairs.add(new Instruction.KeyValue(quote(k), quote(v)));
            text.append(' ').append(quote(k)).append('=').append(quote(v));
        });
        Node node = new Node("label", text.toString(), List.of(), List.of(), false, List.of(), 0, 0,
                Optional.empty());
        return List.of(new Instruction.Label(node, pairs));
    }

    private static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    private static void warnUnused(BuildOptions options, Set<String> consumed, BuildProgress progress) {
        List<String> unused = options.buildArgs().keySet().stream()
                .filter(k -> !consumed.contains(k) && !BuildVariables.PROXIES.contains(k)).sorted().toList();
        if (!unused.isEmpty()) {
            progress.stream("[Warning] One or more build-args [" + String.join(" ", unused)
                    + "] were not consumed\n");
        }
    }

    private static BuildImage await(Future<BuildImage> f, String what) {
        if (f == null) {
            throw BerthException.invalid("build stage " + what + " is not built before it is used");
        }
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw BerthException.wrap("build stage " + what, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw BerthException.invalid("build interrupted");
        } catch (CancellationException e) {
            throw BerthException.invalid("build stage " + what + " cancelled");
        }
    }

    private static void deleteQuietly(Path dir) {
        try {
            if (Files.exists(dir)) {
                FileTree.delete(dir);
            }
        } catch (IOException e) {
            throw BerthException.io("remove build scratch " + dir, e);
        }
    }
}
