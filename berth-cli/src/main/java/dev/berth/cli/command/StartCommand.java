package dev.berth.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.HijackedConnection;
import dev.berth.cli.api.HttpResponse;
import dev.berth.cli.api.Query;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth start}: {@code POST /containers/{id}/start} for each container; with {@code -a}/{@code -i}, one
 * container attached as {@code run} does, exiting with its status.
 */
public final class StartCommand extends DaemonCommand implements SpecifiedCommand {
    private static final Flag ATTACH = new Flag(Flag.Kind.FLAG, "", "Attach STDOUT/STDERR and forward signals", "-a",
            "--attach");
    private static final Flag INTERACTIVE =
            new Flag(Flag.Kind.FLAG, "", "Attach container's STDIN", "-i", "--interactive");
    private static final Flag DETACH_KEYS = new Flag(Flag.Kind.STRING, "string",
            "Override the key sequence for detaching a container", "--detach-keys");

    boolean attach;
    boolean interactive;
    String detachKeys = "";
    List<String> containers = new ArrayList<>();

    @Override
    public CommandSpec spec() {
        spec = SpecifiedCommand.model(this, "start", "Start one or more stopped containers",
                List.of(ATTACH, INTERACTIVE, DETACH_KEYS));
        spec.addPositional(SpecifiedCommand.values("CONTAINER"));
        return spec;
    }

    private void readFlags() {
        attach = ATTACH.isSet(spec);
        interactive = INTERACTIVE.isSet(spec);
        detachKeys = Objects.requireNonNullElse(DETACH_KEYS.string(spec), "");
        containers = spec.positionalParameters().getFirst().getValue();
    }

    @Override
    int run() {
        readFlags();
        if (attach || interactive) {
            if (containers.size() > 1) {
                throw new CliException("you cannot start and attach multiple containers at once");
            }
            return startAttached(containers.getFirst());
        }
        List<String> errors = new ArrayList<>();
        List<String> failed = new ArrayList<>();
        for (String c : containers) {
            try {
                client().send("POST", "/containers/" + c + "/start", Query.empty()).close();
                out().println(c);
            } catch (DaemonException e) {
                errors.add(e.getMessage());
                failed.add(c);
            }
        }
        if (!errors.isEmpty()) {
            out().flush();
            errors.add("Error: failed to start containers: " + String.join(", ", failed));
            throw new CliException(String.join("\n", errors));
        }
        return 0;
    }

    private int startAttached(String container) {
        JsonNode info = client().json("GET", "/containers/" + container + "/json", Query.empty());
        String id = info.path("Id").asText();
        boolean tty = info.path("Config").path("Tty").asBoolean();
        boolean stdin = interactive && info.path("Config").path("OpenStdin").asBoolean();
        if (stdin && tty && !Streams.stdinIsTerminal(root())) {
            throw new CliException("the input device is not a TTY");
        }
        try (ContainerStreams.Watch watch = ContainerStreams.watch(this, id,
                Optional.of(ContainerStreams.attachRequest(id, stdin, List.of(), detachKeys)), "next-exit")) {
            HijackedConnection connection = watch.attached().orElseThrow();
            HttpResponse wait = watch.exit();
            client().send("POST", "/containers/" + id + "/start", Query.empty()).close();
            ContainerResize resize = tty && Streams.stdoutIsTerminal(root())
                    ? ContainerResize.monitor(client(), "/containers/" + id) : null;
            AttachSession.End end;
            try {
                end = ContainerStreams.session(this, connection, tty, stdin, detachKeys, resize).run();
            } catch (IOException e) {
                throw new UncheckedIOException("attach " + container, e);
            } finally {
                if (resize != null) {
                    resize.close();
                }
            }
            return end == AttachSession.End.DETACHED ? 0 : ContainerStreams.exitCode(this, wait);
        }
    }
}
