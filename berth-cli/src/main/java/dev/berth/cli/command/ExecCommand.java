package dev.berth.cli.command;

import dev.berth.cli.api.JsonTrees;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HijackedConnection;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.Query;
import dev.berth.cli.api.RequestBody;
import dev.berth.cli.terminal.Tty;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code berth exec CONTAINER COMMAND [ARG...]}: {@code POST /containers/{id}/exec}, then
 * {@code POST /exec/{id}/start} hijacked (or detached with {@code -d}), then the exec's exit code from
 * {@code GET /exec/{id}/json} is berth's.
 */
public final class ExecCommand extends DaemonCommand implements PositionalCommand, SpecifiedCommand {
    private static final Flag DETACH =
            new Flag(Flag.Kind.FLAG, "", "Detached mode: run command in the background", "-d", "--detach");
    private static final Flag DETACH_KEYS = new Flag(Flag.Kind.STRING, "string",
            "Override the key sequence for detaching a container", "--detach-keys");
    private static final Flag ENV = new Flag(Flag.Kind.LIST, "list", "Set environment variables", "-e", "--env");
    private static final Flag ENV_FILE =
            new Flag(Flag.Kind.LIST, "list", "Read in a file of environment variables", "--env-file");
    private static final Flag INTERACTIVE =
            new Flag(Flag.Kind.FLAG, "", "Keep STDIN open even if not attached", "-i", "--interactive");
    private static final Flag PRIVILEGED =
            new Flag(Flag.Kind.FLAG, "", "Give extended privileges to the command", "--privileged");
    private static final Flag TTY = new Flag(Flag.Kind.FLAG, "", "Allocate a pseudo-TTY", "-t", "--tty");
    private static final Flag USER = new Flag(Flag.Kind.STRING, "string",
            "Username or UID (format: \"<name|uid>[:<group|gid>]\")", "-u", "--user");
    private static final Flag WORKDIR =
            new Flag(Flag.Kind.STRING, "string", "Working directory inside the container", "-w", "--workdir");

    boolean detach;
    String detachKeys = "";
    List<String> env = new ArrayList<>();
    List<String> envFiles = new ArrayList<>();
    boolean interactive;
    boolean privileged;
    boolean tty;
    String user = "";
    String workdir = "";
    List<String> command = new ArrayList<>();

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "exec", "Execute a command in a running container",
                List.of(DETACH, DETACH_KEYS, ENV, ENV_FILE, INTERACTIVE, PRIVILEGED, TTY, USER, WORKDIR));
        spec.addPositional(PositionalParamSpec.builder().paramLabel("CONTAINER COMMAND [ARG...]").arity("2..*")
                .required(true).type(List.class).auxiliaryTypes(String.class).build());
        return spec;
    }

    private void readFlags() {
        detach = DETACH.isSet(spec);
        detachKeys = Objects.requireNonNullElse(DETACH_KEYS.string(spec), "");
        env = new ArrayList<>(ENV.strings(spec));
        envFiles = new ArrayList<>(ENV_FILE.strings(spec));
        interactive = INTERACTIVE.isSet(spec);
        privileged = PRIVILEGED.isSet(spec);
        tty = TTY.isSet(spec);
        user = Objects.requireNonNullElse(USER.string(spec), "");
        workdir = Objects.requireNonNullElse(WORKDIR.string(spec), "");
        command = spec.positionalParameters().getFirst().getValue();
    }

    @Override
    int run() {
        readFlags();
        String container = command.getFirst();
        List<String> cmd = command.subList(1, command.size());
        ContainerOptions envOnly = new ContainerOptions();
        envOnly.env = env;
        envOnly.envFiles = envFiles;
        List<String> environment = CreateBody.environment(envOnly, root().env());
        int[] console = tty && Streams.stdoutIsTerminal(root())
                ? Tty.windowSize(Tty.STDOUT).map(s -> new int[] {s.rows(), s.columns()}).orElse(new int[2])
                : new int[2];
        if (!detach && interactive && tty && !Streams.stdinIsTerminal(root())) {
            throw new CliException("the input device is not a TTY");
        }
        // as docker: an inspect first, so "No such container" wins over anything the exec create would say
        client().json("GET", "/containers/" + container + "/json", Query.empty());
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        body.put("User", user);
        body.put("Privileged", privileged);
        body.put("Tty", tty);
        if (tty) {
            body.putArray("ConsoleSize").add(console[0]).add(console[1]);
        }
        body.put("AttachStdin", interactive && !detach);
        body.put("AttachStderr", !detach);
        body.put("AttachStdout", !detach);
        body.put("Detach", detach);
        body.put("DetachKeys", detachKeys);
        ArrayNodes.put(body, "Env", environment);
        body.put("WorkingDir", workdir);
        ArrayNodes.put(body, "Cmd", cmd);
        JsonNode created = client().json(post("/containers/" + container + "/exec", body));
        String execId = created.path("Id").asText();
        ObjectNode start = JsonNodeFactory.instance.objectNode();
        start.put("Detach", detach);
        start.put("Tty", tty);
        if (tty) {
            start.putArray("ConsoleSize").add(console[0]).add(console[1]);
        }
        if (detach) {
            client().send(post("/exec/" + execId + "/start", start)).close();
            return 0;
        }
        try (HijackedConnection connection = client().hijack(post("/exec/" + execId + "/start", start))) {
            ContainerResize resize = tty && Streams.stdoutIsTerminal(root())
                    ? ContainerResize.monitor(client(), "/exec/" + execId) : null;
            try {
                if (ContainerStreams.session(this, connection, tty, interactive, detachKeys, resize).run()
                        == AttachSession.End.DETACHED) {
                    return 0;
                }
            } finally {
                if (resize != null) {
                    resize.close();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("exec in " + container, e);
        }
        JsonNode inspect = client().json("GET", "/exec/" + execId + "/json", Query.empty());
        return inspect.path("ExitCode").asInt();
    }

    private static HttpRequest post(String path, ObjectNode body) {
        return HttpRequest.of("POST", path).withBody(new RequestBody.Bytes("application/json", JsonTrees.write(body)));
    }
}
