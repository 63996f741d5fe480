package dev.berth.cli.terminal;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/** A terminal put in raw mode by {@link Tty#makeRaw}; closing it (once, whoever comes first) restores the mode. */
public final class RawMode implements AutoCloseable {
    private final int fd;
    private final MemorySegment saved;
    private final Arena arena;
    private final AtomicBoolean restored = new AtomicBoolean();
    private final Thread shutdownHook;

    RawMode(int fd, MemorySegment saved, Arena arena) {
        this.fd = fd;
        this.saved = saved;
        this.arena = arena;
        this.shutdownHook = new Thread(this::restore, "restore-terminal");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Restores the saved mode once; the hook and {@link #close} may both get here. */
    private boolean restore() {
        if (restored.compareAndSet(false, true)) {
            Tty.restore(fd, saved);
            return true;
        }
        return false;
    }

    @Override
    public void close() {
        if (!restore()) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook found the mode restored already, and the memory goes with the process
            return;
        }
        arena.close();
    }
}
