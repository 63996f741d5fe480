package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.HijackedConnection;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth attach CONTAINER}: berth's streams joined to a running container's (stdin too unless
 * {@code --no-stdin}), until it exits — then its status is berth's — or the user detaches.
 */
public final class AttachCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag NO_STDIN = new Flag(Flag.Kind.FLAG, "", "Do not attach STDIN", "--no-stdin");
    private static final Flag SIG_PROXY = new Flag(Flag.Kind.FLAG_DEFAULT_TRUE, "<sigProxy>",
            "Proxy all received signals to the process", "--sig-proxy");
    private static final Flag DETACH_KEYS = new Flag(Flag.Kind.STRING, "string",
            "Override the key sequence for detaching a container", "--detach-keys");

    boolean noStdin;
    boolean sigProxy = true;
    String detachKeys = "";
    String container;

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "attach",
                "Attach local standard input, output, and error streams to a running container",
                List.of(NO_STDIN, SIG_PROXY, DETACH_KEYS));
        spec.addPositional(SpecifiedCommand.value("CONTAINER"));
        return spec;
    }

    private void readFlags() {
        noStdin = NO_STDIN.isSet(spec);
        sigProxy = !Boolean.FALSE.equals(Flag.option(spec, SIG_PROXY.key()).getValue());
        detachKeys = Objects.requireNonNullElse(DETACH_KEYS.string(spec), "");
        container = spec.positionalParameters().getFirst().getValue();
    }

    @Override
    int run() {
        readFlags();
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
        try (ContainerStreams.Watch watch = ContainerStreams.watch(this, id,
                Optional.of(ContainerStreams.attachRequest(id, stdin, List.of(), detachKeys)), "not-running")) {
            HijackedConnection connection = watch.attached().orElseThrow();
            HttpResponse wait = watch.exit();
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
