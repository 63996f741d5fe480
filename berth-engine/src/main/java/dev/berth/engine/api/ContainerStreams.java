package dev.berth.engine.api;

import dev.berth.engine.container.Container;
import dev.berth.engine.container.Containers;
import dev.berth.engine.container.LogReader;
import dev.berth.engine.container.State;
import dev.berth.engine.container.Times;
import dev.berth.engine.runtime.AttachConnection;
import dev.berth.engine.runtime.LogLine;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The streaming container endpoints: {@code attach} (a hijacked connection carrying the container's stdio) and
 * {@code logs}. Without a TTY, output is multiplexed: each chunk behind an 8-byte header (stream 1 stdout or 2
 * stderr, three zero bytes, the length big-endian), as moby's {@code stdcopy}.
 */
final class ContainerStreams {
    private static final Logger LOG = Logger.getLogger(ContainerStreams.class.getName());
    static final String RAW = "application/vnd.docker.raw-stream";
    static final String MULTIPLEXED = "application/vnd.docker.multiplexed-stream";
    private static final long FOLLOW_POLL_MILLIS = 50;

    private final Containers containers;

    ContainerStreams(Containers containers) {
        this.containers = containers;
    }

    /** The content type of a container's output: multiplexed without a TTY from API 1.42 on, as dockerd. */
    static String contentType(boolean tty, ApiVersion version) {
        return !tty && !version.lessThan("1.42") ? MULTIPLEXED : RAW;
    }

    // ---- attach ------------------------------------------------------------------------------------------------

    void attach(ApiRequest req, ApiResponse res) throws IOException {
        Container c = containers.get(req.param(0));
        boolean stdin = req.flag("stdin");
        boolean stdout = req.flag("stdout");
        boolean stderr = req.flag("stderr");
        boolean stream = req.flag("stream");
        byte[] detach = DetachKeys.parse(req.query("detachKeys").filter(k -> !k.isEmpty())
                .orElse(DetachKeys.DEFAULT));
        CompletableFuture<AttachConnection> pending = stream ? containers.attach(c.id()) : null;
        boolean upgrade = req.headers().containsValue("Upgrade", "tcp", true);
        try (Hijacked h = res.hijack(contentType(c.tty(), req.version()), upgrade)) {
            Output out = new Output(h.out(), c.tty(), stdout, stderr);
            if (req.flag("logs")) {
                replayLogs(c, out);
            }
            if (!stream) {
                return;
            }
            h.closed().thenRun(() -> containers.cancelAttach(c.id(), pending));
            AttachConnection conn;
            try {
                conn = pending.get();
            } catch (ExecutionException | java.util.concurrent.CancellationException e) {
                return;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try (conn) {
                // The client leaving wakes the output thread from its recv (a quiet container would keep it there).
                h.closed().thenRun(() -> closeQuietly(conn));
                containers.publish(c, "attach", java.util.Map.of());
                Thread input = stdin && c.openStdin()
                        ? Thread.ofVirtual().start(() -> forwardStdin(h, conn, c, detach)) : null;
                // A platform thread: the pump spends its life waiting in recv, which a virtual thread would hand
                // to a platform thread wait by wait (SeqpacketSocket keeps such waits off the carriers).
                Thread output = Thread.ofPlatform().daemon().name("attach-output-" + c.id())
                        .start(() -> pumpOutput(conn, out));
                joinUninterruptibly(output);
                if (input != null) {
                    input.interrupt();
                }
            }
        }
    }

    /** Waits for {@code t} to end even when interrupted (the stream it writes must not outlive the request). */
    static void joinUninterruptibly(Thread t) {
        boolean interrupted = false;
        while (true) {
            try {
                t.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AttachConnection conn) {
        try {
            conn.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "closing an attach connection", e);
        }
    }

    private static void pumpOutput(AttachConnection conn, Output out) {
        try {
            for (Optional<AttachConnection.Output> o = conn.read(); o.isPresent(); o = conn.read()) {
                out.write(o.get().stream(), o.get().data());
            }
        } catch (IOException e) {
            // The client or the container went away: either ends the attach.
            LOG.log(Level.FINE, "attach output ended", e);
        }
    }

    /**
     * Copies the client's stdin to the container until it ends or the detach keys are typed (TTY only, as docker's
     * escape proxy); at the end of input a {@code StdinOnce} container's stdin is closed.
     */
    private static void forwardStdin(Hijacked h, AttachConnection conn, Container c, byte[] detach) {
        InputStream in = h.in();
        byte[] buf = new byte[32 * 1024];
        int matched = 0;
        try {
            while (true) {
                int n = in.read(buf);
                if (n < 0) {
                    if (c.stdinOnce()) {
                        conn.closeStdin();
                    }
                    return;
                }
                if (!c.tty() || detach.length == 0) {
                    conn.write(java.util.Arrays.copyOf(buf, n));
                    continue;
                }
                java.io.ByteArrayOutputStream send = new java.io.ByteArrayOutputStream();
                for (int i = 0; i < n; i++) {
                    if (buf[i] == detach[matched]) {
                        matched++;
                        if (matched == detach.length) {
                            if (send.size() > 0) {
                                conn.write(send.toByteArray());
                            }
                            h.close();
                            conn.close();
                            return;
                        }
                    } else {
                        send.write(detach, 0, matched);
                        matched = 0;
                        if (buf[i] == detach[0]) {
                            matched = 1;
                        } else {
                            send.write(buf[i]);
                        }
                    }
                }
                if (send.size() > 0) {
                    conn.write(send.toByteArray());
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "attach input ended", e);
        }
    }

    // ---- logs --------------------------------------------------------------------------------------------------

    void logs(ApiRequest req, ApiResponse res) throws IOException {
        Container c = containers.get(req.param(0));
        boolean stdout = req.flag("stdout");
        boolean stderr = req.flag("stderr");
        if (!stdout && !stderr) {
            throw BerthException.invalid("Bad parameters: you must choose at least one stream");
        }
        if (!c.logKept()) {
            // dockerd's logger.ErrReadLogsNotSupported, a 501: --log-driver none keeps nothing to read.
            throw new BerthException(ErrorKind.NOT_IMPLEMENTED, "configured logging driver does not support reading");
        }
        boolean follow = req.flag("follow");
        boolean timestamps = req.flag("timestamps");
        Optional<Instant> since = req.query("since").filter(s -> !s.isEmpty() && !s.equals("0")).map(ContainerStreams::time);
        Optional<Instant> until = req.query("until").filter(s -> !s.isEmpty() && !s.equals("0")).map(ContainerStreams::time);
        int tail = req.query("tail").filter(t -> !t.isEmpty() && !t.equals("all")).map(ContainerRoutes::integer)
                .orElse(-1);
        Optional<java.nio.file.Path> log = containers.runtime().log(c.id());
        CompletableFuture<Void> exited = follow && c.state().status() == State.Status.RUNNING
                ? containers.runtime().onExit(c.id()).thenApply(x -> (Void) null) : CompletableFuture.completedFuture(null);
        // A container that never ran has no log: a file in no directory reads as empty (its generations as none).
        try (OutputStream body = res.stream(HttpResponseStatus.OK, contentType(c.tty(), req.version()));
                LogReader reader = new LogReader(log.orElse(java.nio.file.Path.of("/nonexistent/container.log")))) {
            body.flush();
            Output out = new Output(body, c.tty(), stdout, stderr);
            LineFilter filter = new LineFilter(since, until, timestamps);
            ArrayDeque<LogLine> last = new ArrayDeque<>();
            for (List<LogLine> lines = reader.next(); !lines.isEmpty(); lines = reader.next()) {
                for (LogLine l : lines) {
                    if (tail < 0) {
                        filter.write(out, l);
                    } else if (tail > 0) {
                        last.addLast(l);
                        if (last.size() > tail) {
                            last.removeFirst();
                        }
                    }
                }
            }
            for (LogLine l : last) {
                filter.write(out, l);
            }
            body.flush();
            while (follow && until.map(u -> Instant.now().isBefore(u)).orElse(true)) {
                boolean done = exited.isDone();
                List<LogLine> lines = reader.next();
                for (LogLine l : lines) {
                    filter.write(out, l);
                }
                if (!lines.isEmpty()) {
                    body.flush();
                    continue;
                }
                if (done && reader.atEnd()) {
                    break;
                }
                if (!res.connectionOpen()) {
                    return;
                }
                try {
                    exited.get(FOLLOW_POLL_MILLIS, TimeUnit.MILLISECONDS);
                } catch (TimeoutException | ExecutionException e) {
                    // Poll again: new lines, the exit, or the client gone.
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** attach?logs=1: what the container wrote so far, before the live stream. */
    private void replayLogs(Container c, Output out) throws IOException {
        Optional<java.nio.file.Path> log = containers.runtime().log(c.id());
        if (log.isEmpty()) {
            return;
        }
        try (LogReader reader = new LogReader(log.get())) {
            for (List<LogLine> lines = reader.next(); !lines.isEmpty(); lines = reader.next()) {
                for (LogLine l : lines) {
                    out.write(l.stream(), l.bytes());
                }
            }
        }
    }

    /** {@code since}/{@code until}: seconds since the epoch with an optional fraction, or RFC 3339. */
    static Instant time(String text) {
        try {
            if (text.matches("-?\\d+(\\.\\d{1,9})?")) {
                String[] parts = text.split("\\.");
                long seconds = Long.parseLong(parts[0]);
                long nanos = parts.length > 1 ? Long.parseLong((parts[1] + "000000000").substring(0, 9)) : 0;
                return Instant.ofEpochSecond(seconds, nanos);
            }
            return OffsetDateTime.parse(text).toInstant();
        } catch (RuntimeException e) {
            throw BerthException.invalid("invalid time value: " + text);
        }
    }

    /** Since, until and timestamps applied to log lines. */
    private record LineFilter(Optional<Instant> since, Optional<Instant> until, boolean timestamps) {
        void write(Output out, LogLine l) throws IOException {
            if (since.isPresent() && l.time().isBefore(since.get())
                    || until.isPresent() && l.time().isAfter(until.get())) {
                return;
            }
            byte[] data = l.bytes();
            if (timestamps) {
                byte[] stamp = (Times.format(l.time()) + " ").getBytes(StandardCharsets.UTF_8);
                byte[] both = new byte[stamp.length + data.length];
                System.arraycopy(stamp, 0, both, 0, stamp.length);
                System.arraycopy(data, 0, both, stamp.length, data.length);
                data = both;
            }
            out.write(l.stream(), data);
        }
    }

    /** The container's output towards a client: framed without a TTY, only the streams asked for. */
    static final class Output {
        private final OutputStream out;
        private final boolean tty;
        private final boolean stdout;
        private final boolean stderr;

        Output(OutputStream out, boolean tty, boolean stdout, boolean stderr) {
            this.out = out;
            this.tty = tty;
            this.stdout = stdout;
            this.stderr = stderr;
        }

        void write(LogLine.Stream stream, byte[] data) throws IOException {
            boolean isErr = stream == LogLine.Stream.STDERR;
            if (isErr ? !stderr : !stdout) {
                return;
            }
            if (!tty) {
                int n = data.length;
                out.write(new byte[] {(byte) (isErr ? 2 : 1), 0, 0, 0, (byte) (n >>> 24), (byte) (n >>> 16),
                        (byte) (n >>> 8), (byte) n});
            }
            out.write(data);
            out.flush();
        }
    }
}
