package dev.berth.engine.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.engine.exec.ExecSession;
import dev.berth.engine.exec.Execs;
import dev.berth.engine.runtime.AttachConnection;
import dev.berth.engine.runtime.ExecProcess;
import dev.berth.engine.runtime.LogLine;
import dev.berth.oci.error.BerthException;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The exec endpoints: create ({@code POST /containers/{id}/exec}), start ({@code POST /exec/{id}/start}: a hijacked
 * connection carrying the process's stdio as attach does, multiplexed frames without a TTY; or detached), inspect
 * ({@code GET /exec/{id}/json}) and resize.
 */
public final class ExecRoutes {
    private static final Logger LOG = Logger.getLogger(ExecRoutes.class.getName());
    private static final String EXEC = "/exec/([^/]+)";

    private final Execs execs;

    public ExecRoutes(Execs execs) {
        this.execs = execs;
    }

    public void register(Router router) {
        router.add("POST", ContainerRoutes.ID + "/exec", this::create)
                .add("POST", EXEC + "/start", this::start)
                .add("POST", EXEC + "/resize", this::resize)
                .add("GET", EXEC + "/json", this::inspect);
    }

    private void create(ApiRequest req, ApiResponse res) {
        JsonNode body = req.json().orElseThrow(() -> BerthException.invalid("No exec command specified"));
        ExecSession s = execs.create(req.param(0), body);
        ObjectNode out = SystemRoutes.NODES.objectNode();
        out.put("Id", s.id());
        res.json(HttpResponseStatus.CREATED, out);
    }

    private void start(ApiRequest req, ApiResponse res) throws IOException {
        ExecSession s = execs.get(req.param(0));
        JsonNode body = req.json().orElse(SystemRoutes.NODES.objectNode());
        boolean tty = s.spec().tty();
        if (body.path("Detach").asBoolean(false)) {
            execs.release(execs.start(s));
            res.empty(HttpResponseStatus.OK);
            return;
        }
        boolean upgrade = req.headers().containsValue("Upgrade", "tcp", true);
        try (Hijacked h = res.hijack(ContainerStreams.contentType(tty, req.version()), upgrade)) {
            ContainerStreams.Output out = new ContainerStreams.Output(h.out(), tty, s.attachStdout(),
                    s.attachStderr());
            ExecProcess p;
            try {
                p = execs.start(s);
            } catch (BerthException e) {
                // The response is under way: docker writes the failure into the stream, the exit code to inspect.
                out.write(LogLine.Stream.STDOUT, (e.getMessage() + "\r\n").getBytes(StandardCharsets.UTF_8));
                return;
            }
            try {
                h.closed().thenRun(() -> closeQuietly(p.attach()));
                Thread input = s.attachStdin()
                        ? Thread.ofVirtual().start(() -> forwardStdin(h.in(), p.attach())) : null;
                // A platform thread: the pump mostly waits in recv, which a virtual thread would hand over, wait
                // by wait, to a platform thread anyway (SeqpacketSocket).
                Thread output = Thread.ofPlatform().daemon().name("exec-output-" + s.id())
                        .start(() -> pump(p.attach(), out));
                ContainerStreams.joinUninterruptibly(output);
                if (!h.closed().isDone()) {
                    // Output ended: the process exited; its code must be recorded before the client asks for it.
                    awaitExit(p);
                }
                if (input != null) {
                    input.interrupt();
                }
            } finally {
                execs.release(p);
            }
        }
    }

    private static void pump(AttachConnection conn, ContainerStreams.Output out) {
        try {
            for (Optional<AttachConnection.Output> o = conn.read(); o.isPresent(); o = conn.read()) {
                out.write(o.get().stream(), o.get().data());
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "exec output ended", e);
        }
    }

    private static void forwardStdin(InputStream in, AttachConnection conn) {
        byte[] buf = new byte[32 * 1024];
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                conn.write(Arrays.copyOf(buf, n));
            }
            conn.closeStdin();
        } catch (IOException e) {
            LOG.log(Level.FINE, "exec input ended", e);
        }
    }

    private static void awaitExit(ExecProcess p) {
        try {
            p.onExit().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "exec " + p.execId() + ": no exit code", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AttachConnection c) {
        try {
            c.close();
        } catch (IOException e) {
            LOG.log(Level.FINE, "close exec attach", e);
        }
    }

    private void resize(ApiRequest req, ApiResponse res) {
        int h = req.query("h").map(ContainerRoutes::integer).orElse(0);
        int w = req.query("w").map(ContainerRoutes::integer).orElse(0);
        execs.resize(req.param(0), h, w);
        res.empty(HttpResponseStatus.OK);
    }

    private void inspect(ApiRequest req, ApiResponse res) {
        ExecSession s = execs.get(req.param(0));
        ObjectNode out = SystemRoutes.NODES.objectNode();
        out.put("CanRemove", false);
        out.put("ContainerID", s.containerId());
        out.put("DetachKeys", s.detachKeys());
        if (s.exitCode().isPresent()) {
            out.put("ExitCode", s.exitCode().get());
        } else {
            out.putNull("ExitCode");
        }
        out.put("ID", s.id());
        out.put("OpenStderr", s.attachStderr());
        out.put("OpenStdin", s.attachStdin());
        out.put("OpenStdout", s.attachStdout());
        ObjectNode process = out.putObject("ProcessConfig");
        var args = process.putArray("arguments");
        s.spec().args().subList(1, s.spec().args().size()).forEach(args::add);
        process.put("entrypoint", s.spec().args().getFirst());
        process.put("privileged", s.spec().privileged());
        process.put("tty", s.spec().tty());
        process.put("user", s.spec().user().orElse(""));
        out.put("Running", s.running());
        out.put("Pid", s.pid().orElse(0));
        res.json(HttpResponseStatus.OK, out);
    }
}
