package dev.berth.engine.exec;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.engine.container.Container;
import dev.berth.engine.container.Containers;
import dev.berth.engine.container.State;
import dev.berth.engine.runtime.ContainerExecs;
import dev.berth.engine.runtime.ExecProcess;
import dev.berth.engine.runtime.ExecSpec;
import dev.berth.engine.runtime.RuntimeMessages;
import dev.berth.oci.error.BerthException;
import dev.berth.oci.error.ErrorKind;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The daemon's exec instances (Engine API {@code /containers/{id}/exec} and {@code /exec/{id}/...}): creates them
 * from the request as docker validates it, runs each once in its container through {@link ContainerExecs}, and keeps
 * them — with their exit code — until their container is removed.
 */
public final class Execs implements dev.berth.engine.container.ContainerHook {
    private static final Logger LOG = Logger.getLogger(Execs.class.getName());
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Containers containers;
    private final ContainerExecs runtime;
    private final Map<String, ExecSession> sessions = new ConcurrentHashMap<>();

    public Execs(Containers containers) {
        this.containers = containers;
        this.runtime = new ContainerExecs(containers.runtime().config());
    }

    /** {@code POST /containers/{id}/exec}: a new instance; CONFLICT when the container does not run. */
    public ExecSession create(String nameOrId, JsonNode body) {
        Container c = running(nameOrId);
        List<String> cmd = strings(body.path("Cmd"));
        if (cmd.isEmpty()) {
            throw BerthException.invalid("No exec command specified");
        }
        Optional<int[]> size = Optional.empty();
        JsonNode consoleSize = body.path("ConsoleSize");
        if (consoleSize.isArray() && consoleSize.size() == 2 && consoleSize.get(0).asInt() > 0) {
            size = Optional.of(new int[] {consoleSize.get(0).asInt(), consoleSize.get(1).asInt()});
        }
        boolean stdin = body.path("AttachStdin").asBoolean(false);
        ExecSpec spec = new ExecSpec(cmd, strings(body.path("Env")),
                Optional.of(body.path("User").asText("")).filter(u -> !u.isEmpty()),
                Optional.of(body.path("WorkingDir").asText("")).filter(w -> !w.isEmpty()),
                body.path("Tty").asBoolean(false), stdin, body.path("Privileged").asBoolean(false), size);
        String id = HexFormat.of().formatHex(randomBytes());
        ExecSession s = new ExecSession(id, c.id(), spec, stdin, body.path("AttachStdout").asBoolean(false),
                body.path("AttachStderr").asBoolean(false), body.path("DetachKeys").asText(""));
        sessions.put(id, s);
        containers.publish(c, "exec_create: " + String.join(" ", cmd), Map.of("execID", id));
        return s;
    }

    /** The instance {@code id}; NOT_FOUND in docker's words. */
    public ExecSession get(String id) {
        ExecSession s = sessions.get(id);
        if (s == null) {
            throw BerthException.notFound("No such exec instance: " + id);
        }
        return s;
    }

    /**
     * Runs {@code s}, its stdio attached to the returned process (stdin open when the instance attaches it). The
     * caller reads its output and then {@linkplain #release releases} it. A command that cannot run fails with the
     * runtime's message, the instance's exit code then 126 (127: not found), as docker records it.
     */
    public ExecProcess start(ExecSession s) {
        if (!s.claimStart()) {
            throw new BerthException(ErrorKind.CONFLICT, "Error: Exec command " + s.id() + " has already run");
        }
        Container c = running(s.containerId());
        ExecProcess p;
        try {
            p = runtime.start(c.id(), s.id(), s.spec());
        } catch (BerthException e) {
            int code = RuntimeMessages.exitCodeOf(e.getMessage());
            s.exited(code == RuntimeMessages.EXIT_DAEMON_ERROR ? RuntimeMessages.EXIT_NOT_EXECUTABLE : code);
            throw e;
        }
        s.runningAs(p);
        containers.publish(c, "exec_start: " + String.join(" ", s.spec().args()), Map.of("execID", s.id()));
        p.onExit().whenComplete((exit, failure) -> {
            s.exited(failure == null ? exit.code() : RuntimeMessages.EXIT_DAEMON_ERROR);
            containers.find(c.id()).ifPresent(now -> containers.publish(now, "exec_die",
                    Map.of("execID", s.id(), "exitCode", Integer.toString(s.exitCode().orElse(-1)))));
        });
        return p;
    }

    /**
     * Frees what the process holds once it has exited (its conmon, its state); the caller is done reading its
     * output. At once when it has exited, else when it does.
     */
    public void release(ExecProcess p) {
        p.onExit().whenComplete((exit, failure) -> {
            try {
                p.close();
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "release exec " + p.execId(), e);
            }
        });
    }

    /** Resizes the terminal of running instance {@code id}. */
    public void resize(String id, int height, int width) {
        ExecSession s = get(id);
        s.process().orElseThrow(() -> new BerthException(ErrorKind.CONFLICT, "Exec " + id + " is not running"))
                .resize(height, width);
    }

    /** Forgets the instances of a container being removed. */
    @Override
    public void removing(Container c, boolean removeVolumes) {
        sessions.values().removeIf(s -> s.containerId().equals(c.id()));
    }

    private Container running(String nameOrId) {
        Container c = containers.get(nameOrId);
        if (c.state().status() == State.Status.PAUSED) {
            throw new BerthException(ErrorKind.CONFLICT, "Container " + c.id()
                    + " is paused, unpause the container before exec");
        }
        if (c.state().status() != State.Status.RUNNING) {
            throw new BerthException(ErrorKind.CONFLICT, "container " + c.id() + " is not running");
        }
        return c;
    }

    private static byte[] randomBytes() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return b;
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asText()));
        }
        return out;
    }
}
