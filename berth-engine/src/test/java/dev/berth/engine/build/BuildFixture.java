package dev.berth.engine.build;

import dev.berth.oci.layer.FileTree;
import dev.berth.engine.build.context.BuildContext;
import dev.berth.engine.build.dockerfile.Dockerfile;
import dev.berth.engine.config.DataRoot;
import dev.berth.engine.event.EventBus;
import dev.berth.engine.image.ImageLoader;
import dev.berth.engine.image.ImageStore;
import dev.berth.engine.runtime.ContainerRuntime;
import dev.berth.engine.runtime.OciRuntime;
import dev.berth.engine.runtime.RuntimeConfig;
import dev.berth.engine.snapshot.MountTable;
import dev.berth.engine.snapshot.OverlaySnapshotter;
import dev.berth.engine.testing.TestArchives;
import dev.berth.oci.digest.Digest;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.spec.ContainerConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A builder over a fresh image store in /tmp with busybox loaded, RUN through runc and conmon, images pulled from
 * nowhere (FROM names only what the store holds). {@link #close} checks no mount is left.
 */
final class BuildFixture implements AutoCloseable {
    final Path dir;
    ImageStore store;
    Builder builder;
    final ContainerCommandRunner runner;
    final OverlaySnapshotter snapshots;
    private final String cgroupParent = "/berth-build-test-" + UUID.randomUUID().toString().substring(0, 8);

    BuildFixture() throws IOException {
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")), "builds mount overlays: need root");
        Assumptions.assumeTrue(Files.isExecutable(OciRuntime.RUNC) && Files.isExecutable(RuntimeConfig.CONMON),
                "runc and conmon are installed by scripts/deps.sh");
        dir = Files.createTempDirectory(Path.of("/tmp"), "bb-");
        DataRoot root = new DataRoot(dir.resolve("root"));
        root.prepare();
        store = ImageStore.open(root, new EventBus());
        try (InputStream in = Files.newInputStream(TestArchives.of("busybox"))) {
            new ImageLoader(store).load(in, m -> { });
        }
        snapshots = OverlaySnapshotter.open(dir.resolve("root/build/snapshots"));
        RuntimeConfig base = RuntimeConfig.under(dir.resolve("r"));
        ContainerRuntime runtime = ContainerRuntime.open(new RuntimeConfig(base.stateDir(), base.socketDir(),
                base.conmon(), base.runtimes(), base.defaultRuntime(), cgroupParent));
        runner = new ContainerCommandRunner(runtime);
        builder = newBuilder();
    }

    private Builder newBuilder() {
        return newBuilder(runner);
    }

    /** A builder over this fixture's store whose RUN steps go to {@code commands}. */
    Builder newBuilder(CommandRunner commands) {
        BaseImages images = (ref, platform, pull, progress) -> store.find(ref.toString())
                .orElseThrow(() -> BerthException.notFound("pull access denied for " + ref.familiarName()));
        return new Builder(store, snapshots, commands, images, dir.resolve("root/build"));
    }

    /**
     * What a daemon restart does to the image store: reopened, it collects the blobs and layers no image records
     * (the configs of intermediate build steps among them); the builder starts again over it.
     */
    void restart() {
        store.close();
        store = ImageStore.open(new DataRoot(dir.resolve("root")), new EventBus());
        builder = newBuilder();
    }

    /** A context directory with {@code files} (name → content). */
    Path context(Map<String, String> files) throws IOException {
        Path ctx = Files.createTempDirectory(dir, "ctx-");
        for (var e : files.entrySet()) {
            Path f = ctx.resolve(e.getKey());
            Files.createDirectories(f.getParent());
            Files.writeString(f, e.getValue());
        }
        return ctx;
    }

    /** Builds a copy of {@code ctx} (the build removes ignored files from its context). */
    Result build(Path ctx, BuildOptions options) throws IOException, InterruptedException {
        Path copy = Files.createTempDirectory(dir, "copy-");
        new ProcessBuilder("cp", "-a", ctx + "/.", copy.toString()).inheritIO().start().waitFor(
                60, java.util.concurrent.TimeUnit.SECONDS);
        BuildContext context = BuildContext.of(copy);
        Recorder out = new Recorder();
        try {
            Dockerfile d = builder.dockerfile(context, options);
            Digest id = builder.build(context, d, options, out);
            return new Result(Optional.of(id), out.text.toString(), Optional.empty());
        } catch (BerthException e) {
            return new Result(Optional.empty(), out.text.toString(), Optional.of(e));
        } finally {
            FileTree.delete(copy);
        }
    }

    Result build(Path ctx) throws IOException, InterruptedException {
        return build(ctx, BuildOptions.defaults());
    }

    /** Runs {@code argv} in a container of image {@code id}; returns its stdout. */
    String run(Digest id, String... argv) {
        BuildImage image = new BuildImage(Optional.of(id), store.config(id), store.get(id.toString()).layers());
        Recorder out = new Recorder();
        try (Workspace ws = Workspace.mount(snapshots, store, image, dir.resolve("root/build/empty"))) {
            ContainerConfig c = StageBuilder.withDefaultPath(image.containerConfig());
            int code = runner.run(ws.rootfs(), c, List.of(argv), List.of(), BuildNetwork.NONE, out);
            if (code != 0) {
                throw new AssertionError("exit " + code + ": " + out.text);
            }
        }
        return out.stdout.toString();
    }

    record Result(Optional<Digest> id, String output, Optional<BerthException> error) {
        Digest image() {
            return id.orElseThrow(() -> new AssertionError("build failed: " + error.map(Throwable::getMessage)
                    .orElse("") + "\n" + output));
        }

        List<String> steps() {
            return output.lines().filter(l -> l.startsWith("Step ") || l.startsWith(" ---> ")).toList();
        }
    }

    static final class Recorder implements BuildProgress {
        final StringBuffer text = new StringBuffer();
        final StringBuffer stdout = new StringBuffer();
        final List<String> stderr = new ArrayList<>();

        @Override
        public void stream(String s) {
            text.append(s);
        }

        @Override
        public synchronized void output(String s, boolean err) {
            text.append(s);
            if (err) {
                stderr.add(s);
            } else {
                stdout.append(s);
            }
        }
    }

    @Override
    public void close() throws IOException {
        // The runtime's exit watcher holds an inotify instance, of which a user has few (128).
        runner.close();
        List<Path> left = MountTable.mountsUnder(dir);
        store.close();
        FileTree.delete(dir.resolve("root/content"));
        if (!left.isEmpty()) {
            throw new AssertionError("mounts left: " + left);
        }
        try (var controllers = Files.list(Path.of("/sys/fs/cgroup"))) {
            for (Path controller : controllers.toList()) {
                Path cg = controller.resolve(cgroupParent.substring(1));
                if (Files.isDirectory(cg)) {
                    Files.delete(cg);
                }
            }
        }
        Path unified = Path.of("/sys/fs/cgroup", cgroupParent.substring(1));
        if (Files.isDirectory(unified)) {
            Files.delete(unified);
        }
        FileTree.delete(dir);
    }

    static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
