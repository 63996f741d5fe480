package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HijackedConnection;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth attach CONTAINER}: berth's streams joined to a running container's (stdin too unless
 * {@code --no-stdin}), until it exits — then its status is berth's — or the user detaches.
 */
@Command(name = "attach", mixinStandardHelpOptions = true,
        description = "Attach local standard input, output, and error streams to a running container")
public final class AttachCommand extends DaemonCommand {
    @Option(names = "--no-stdin", description = "Do not attach STDIN")
    boolean noStdin;

    @Option(names = "--sig-proxy", arity = "0..1", defaultValue = "true", description = "Proxy all received signals to the process")
    boolean sigProxy;

    @Option(names = "--detach-keys", paramLabel = "string", description = "Override the key sequence for detaching a container")
    String detachKeys = "";

    @Parameters(paramLabel = "CONTAINER", arity = "1")
    String container;

    @Override
    int run() {
        JsonNode info = client().json("GET", "/containers/" + container + "/json", Query.empty());
        JsonNode state = info.path("State");
        if (!state.path("Running").asBoolean()) {
            throw new CliException("You cannot attach to a stopped container, start it first");
        }
        if (state.path("Paused").asBoolean()) {
            throw new CliException("You cannot attach to a paused container, unpause it first");
        }
        if (state.path("Restarting").asBoolean()) {
            throw new CliException("You cannot attach to a restarting container, wait until it is running");
        }
        String id = info.path("Id").asText();
        boolean tty = info.path("Config").path("Tty").asBoolean();
        boolean stdin = !noStdin && info.path("Config").path("OpenStdin").asBoolean();
        if (stdin && tty && !Streams.stdinIsTerminal(root())) {
            throw new CliException("the input device is not a TTY");
        }
        ContainerSignals signals = sigProxy && !tty && Streams.isProcess(root())
                ? ContainerSignals.forward(client(), id) : null;
        ContainerResize resize = null;
        try (HijackedConnection connection = ContainerStreams.attach(this, id, stdin, List.of(), detachKeys);
             HttpResponse wait = ContainerStreams.waitFor(this, id, "not-running")) {
            if (tty && Streams.stdoutIsTerminal(root())) {
                resize = ContainerResize.monitor(client(), "/containers/" + id);
            }
            AttachSession.End end = ContainerStreams.session(this, connection, tty, stdin, detachKeys, resize).run();
            return end == AttachSession.End.DETACHED ? 0 : ContainerStreams.exitCode(this, wait);
        } catch (IOException e) {
            throw new UncheckedIOException("attach " + container, e);
        } finally {
            if (resize != null) {
                resize.close();
            }
            if (signals != null) {
                signals.close();
            }
        }
    }
}
