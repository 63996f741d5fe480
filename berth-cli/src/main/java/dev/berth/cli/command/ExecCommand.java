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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth exec CONTAINER COMMAND [ARG...]}: {@code POST /containers/{id}/exec}, then
 * {@code POST /exec/{id}/start} hijacked (or detached with {@code -d}), then the exec's exit code from
 * {@code GET /exec/{id}/json} is berth's.
 */
@Command(name = "exec", mixinStandardHelpOptions = true, description = "Execute a command in a running container")
public final class ExecCommand extends DaemonCommand implements PositionalCommand {
    @Option(names = {"-d", "--detach"}, description = "Detached mode: run command in the background")
    boolean detach;

    @Option(names = "--detach-keys", paramLabel = "string", description = "Override the key sequence for detaching a container")
    String detachKeys = "";

    @Option(names = {"-e", "--env"}, paramLabel = "list", description = "Set environment variables")
    List<String> env = new ArrayList<>();

    @Option(names = "--env-file", paramLabel = "list", description = "Read in a file of environment variables")
    List<String> envFiles = new ArrayList<>();

    @Option(names = {"-i", "--interactive"}, description = "Keep STDIN open even if not attached")
    boolean interactive;

    @Option(names = "--privileged", description = "Give extended privileges to the command")
    boolean privileged;

    @Option(names = {"-t", "--tty"}, description = "Allocate a pseudo-TTY")
    boolean tty;

    @Option(names = {"-u", "--user"}, paramLabel = "string", description = "Username or UID (format: \"<name|uid>[:<group|gid>]\")")
    String user = "";

    @Option(names = {"-w", "--workdir"}, paramLabel = "string", description = "Working directory inside the container")
    String workdir = "";

    @Parameters(paramLabel = "CONTAINER COMMAND [ARG...]", arity = "2..*")
    List<String> command = new ArrayList<>();

    @Override
    int run() {
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
