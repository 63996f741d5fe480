package dev.berth.cli.command;

import dev.berth.cli.api.HijackedConnection;
import dev.berth.cli.api.StreamFrames;
import dev.berth.cli.terminal.EscapeProxy;
import dev.berth.cli.terminal.RawMode;
import dev.berth.cli.terminal.Tty;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Streams a hijacked attach (or exec) connection as docker's {@code hijackedIOStreamer}: the container's output to
 * berth's stdout and stderr (demultiplexed without a TTY, raw with one), berth's stdin to the container, its end
 * sent as a half-close. With a TTY the stdin terminal goes raw (restored as soon as output ends) and the detach
 * keys end the session early.
 */
final class AttachSession {
    /** How a session ended. */
    enum End { OUTPUT_DONE, DETACHED }

    static final Runnable NOTHING = () -> { };

    private final HijackedConnection connection;
    private final boolean tty;
    private final Optional<InputStream> stdin;
    private final OutputStream stdout;
    private final OutputStream stderr;
    private final byte[] detachKeys;
    private final boolean rawTerminal;
    private final Runnable beforeInput;

    /**
     * @param stdin       what to forward, if stdin is attached
     * @param rawTerminal whether stdin is berth's own terminal, to put in raw mode for a TTY
     * @param beforeInput run before each chunk of stdin is sent (what must reach the daemon before typed keys)
     */
    AttachSession(HijackedConnection connection, boolean tty, Optional<InputStream> stdin, OutputStream stdout,
            OutputStream stderr, byte[] detachKeys, boolean rawTerminal, Runnable beforeInput) {
        this.connection = connection;
        this.tty = tty;
        this.stdin = stdin;
        this.stdout = stdout;
        this.stderr = stderr;
        this.detachKeys = detachKeys.clone();
        this.rawTerminal = rawTerminal;
        this.beforeInput = beforeInput;
    }

    /** Runs until the container's output ends, or stdin ends with nothing to show, or the user detaches. */
    End run() throws IOException {
        RawMode raw = tty && stdin.isPresent() && rawTerminal ? Tty.makeRaw(Tty.STDIN) : null;
        try {
            CompletableFuture<End> done = new CompletableFuture<>();
            // Platform threads, not virtual ones: a session has one or two, and a virtual thread's first blocking
            // read starts the JDK's scheduler and its socket poller threads, whose start sometimes (6 runs in 20)
            // also generated method-handle forms the AOT cache did not hold: 4 ms of a run's CPU time in all
            Thread output = Thread.ofPlatform().daemon().name("attach-output").start(() -> {
                try {
                    if (tty) {
                        copyFlushing(connection.in(), stdout, NOTHING);
                    } else {
                        StreamFrames.copy(connection.in(), stdout, stderr);
                    }
                    restore(raw);
                    done.complete(End.OUTPUT_DONE);
                } catch (IOException e) {
                    done.completeExceptionally(e);
                }
            });
            stdin.ifPresent(in -> Thread.ofPlatform().daemon().name("attach-input").start(() -> forward(in, raw, done)));
            try {
                return done.get();
            } catch (ExecutionException e) {
                if (e.getCause() instanceof IOException io) {
                    throw io;
                }
                throw new IllegalStateException("attach", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                output.interrupt();
                throw new IOException("interrupted while attached", e);
            }
        } finally {
            restore(raw);
        }
    }

    private void forward(InputStream in, RawMode raw, CompletableFuture<End> done) {
        InputStream source = tty ? new EscapeProxy(in, detachKeys) : in;
        try {
            copyFlushing(source, connection.out(), beforeInput);
        } catch (EscapeProxy.DetachException e) {
            restore(raw);
            done.complete(End.DETACHED);
            return;
        } catch (IOException e) {
            // the connection is gone: the output side sees it too and reports it
            return;
        }
        try {
            connection.closeWrite();
        } catch (java.io.UncheckedIOException e) {
            // the daemon closed first; the output side ends the session
            return;
        }
    }

    private static void copyFlushing(InputStream in, OutputStream out, Runnable beforeWrite) throws IOException {
        byte[] buffer = new byte[32 * 1024];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            beforeWrite.run();
            out.write(buffer, 0, n);
            out.flush();
        }
    }

    private static void restore(RawMode raw) {
        if (raw != null) {
            raw.close();
        }
    }
}
