package dev.berth.engine.build;

import dev.berth.engine.runtime.ContainerRuntime;
import dev.berth.engine.runtime.ContainerSpec;
import dev.berth.engine.runtime.ExitStatus;
import dev.berth.engine.runtime.LogLine;
import dev.berth.engine.runtime.RuntimeMessages;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import dev.berth.oci.spec.ContainerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * RUN with the container runtime library: runc under conmon, no network but loopback (or the daemon's network
 * namespace, with {@code --network host}), the output read from the
 * container's log while it runs. The mount points the runtime makes in the root file system when the image lacks
 * them ({@code /etc/hosts}, {@code /proc}, …) are removed again afterwards, so they never end up in the layer (what
 * docker's init layer achieves).
 */
public final class ContainerCommandRunner implements CommandRunner {
    private static final List<String> MOUNT_POINTS = List.of("etc/hostname", "etc/hosts", "etc/resolv.conf",
            "dev/shm", "dev/pts", "dev/mqueue", "dev", "proc", "sys", "etc");
    private static final Duration POLL = Duration.ofMillis(50);

    private final ContainerRuntime runtime;

    public ContainerCommandRunner(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    @Override
    public int run(Path rootfs, ContainerConfig config, List<String> argv, List<String> extraEnv,
            BuildNetwork network, BuildProgress progress) {
        List<String> missing = MOUNT_POINTS.stream()
                .filter(p -> !Files.exists(rootfs.resolve(p), LinkOption.NOFOLLOW_LINKS)).toList();
        String id = "build-" + UUID.randomUUID().toString().replace("-", "");
        ContainerSpec spec = ContainerSpec.of(id, rootfs, config).withEntrypoint(List.of()).withCmd(argv)
                .withEnv(extraEnv).withHostname(id.substring(6, 18));
        if (network == BuildNetwork.HOST) {
            spec = spec.withNetworkNamespace(Path.of("/proc", Long.toString(ProcessHandle.current().pid()), "ns",
                    "net"));
        }
        try {
            try {
                runtime.create(spec, runtime.config().defaultRuntime());
            } catch (BerthException e) {
                int code = RuntimeMessages.exitCodeOf(e.getMessage());
                progress.output(e.getMessage() + "\n", true);
                return code;
            }
            try {
                runtime.start(id);
                return follow(id, progress).code();
            } finally {
                remove(id);
            }
        } finally {
            removeCreated(rootfs, missing);
        }
    }

    /**
     * Removes the build container. A conmon that outlives its container's exit (seen when the daemon runs inside a
     * test JVM) makes the first removal give up; the runtime state is gone by then, and a second removal after it
     * has finished deletes the rest.
     */
    private void remove(String id) {
        try {
            runtime.remove(id, true);
        } catch (BerthException e) {
            if (e.kind() != ErrorKind.INTERNAL || !runtime.list().contains(id)) {
                throw e;
            }
            try {
                Thread.sleep(1000);
                runtime.remove(id, true);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                e.addSuppressed(interrupted);
                throw e;
            } catch (BerthException again) {
                again.addSuppressed(e);
                throw again;
            }
        }
    }

    private ExitStatus follow(String id, BuildProgress progress) {
        int shown = 0;
        while (true) {
            Optional<ExitStatus> exit = runtime.awaitExit(id, POLL);
            List<LogLine> lines = runtime.logs(id);
            for (LogLine l : lines.subList(shown, lines.size())) {
                progress.output(new String(l.bytes(), StandardCharsets.UTF_8), l.stream() == LogLine.Stream.STDERR);
            }
            shown = lines.size();
            if (exit.isPresent()) {
                return exit.get();
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new BerthException(ErrorKind.UNAVAILABLE, "build container " + id + ": interrupted");
            }
        }
    }

    private static void removeCreated(Path rootfs, List<String> created) {
        for (String p : created) {
            Path path = rootfs.resolve(p);
            try {
                if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> s = Files.list(path)) {
                        if (s.findAny().isPresent()) {
                            continue;
                        }
                    }
                }
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw BerthException.io("remove mount point " + p + " the runtime made", e);
            }
        }
    }

    @Override
    public void close() {
        runtime.close();
    }
}
