package dev.berth.engine.runtime;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Learns when containers exit: conmon writes {@code exit/ID} then, and one inotify watch (a {@link WatchService}) on
 * each watched container's exit directory wakes this watcher, instead of a poll per container. A sweep every second
 * catches what an event could miss (a file seen while conmon was still writing it).
 */
final class ExitWatcher implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExitWatcher.class.getName());
    private static final Duration SWEEP = Duration.ofSeconds(1);

    private record Pending(ContainerDirs dirs, CompletableFuture<ExitStatus> exit, WatchKey key) {}

    private final WatchService service;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();
    private final Thread loop;

    ExitWatcher() {
        try {
            service = FileSystems.getDefault().newWatchService();
        } catch (IOException e) {
            throw dev.berth.oci.error.BerthException.io("watch container exits", e);
        }
        loop = Thread.ofPlatform().daemon().name("berth-exit-watcher").start(this::run);
    }

    /** Completes when container {@code dirs.id()} has exited, with its exit status. */
    CompletableFuture<ExitStatus> watch(ContainerDirs dirs) {
        Pending existing = pending.get(dirs.id());
        if (existing != null && existing.dirs().equals(dirs) && !existing.exit().isDone()) {
            return existing.exit();
        }
        CompletableFuture<ExitStatus> exit = new CompletableFuture<>();
        WatchKey key;
        try {
            key = dirs.exitDir().register(service, StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY);
        } catch (IOException e) {
            exit.completeExceptionally(e);
            return exit;
        }
        Pending p = new Pending(dirs, exit, key);
        pending.put(dirs.id(), p);
        check(p);
        return exit;
    }

    private void run() {
        long nextSweep = System.nanoTime() + SWEEP.toNanos();
        try {
            while (true) {
                WatchKey key = service.poll(SWEEP.toMillis(), TimeUnit.MILLISECONDS);
                if (key != null) {
                    key.pollEvents();
                    key.reset();
                    pending.values().stream().filter(p -> p.key().equals(key)).forEach(this::check);
                }
                if (System.nanoTime() - nextSweep >= 0) {
                    pending.values().forEach(this::check);
                    nextSweep = System.nanoTime() + SWEEP.toNanos();
                }
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            // Closed: the daemon stops; containers keep running and the next daemon watches them again.
        }
    }

    private void check(Pending p) {
        try {
            Optional<ExitStatus> exit = ExitFiles.read(p.dirs());
            if (exit.isPresent()) {
                finish(p);
                p.exit().complete(exit.get());
            } else if (!java.nio.file.Files.isDirectory(p.dirs().exitDir())) {
                finish(p);
                p.exit().completeExceptionally(new IllegalStateException("container " + p.dirs().id()
                        + " was removed"));
            }
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "read exit of container " + p.dirs().id(), e);
        }
    }

    private void finish(Pending p) {
        p.key().cancel();
        pending.remove(p.dirs().id(), p);
    }

    @Override
    public void close() {
        try {
            service.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close exit watcher", e);
        }
        loop.interrupt();
    }
}
