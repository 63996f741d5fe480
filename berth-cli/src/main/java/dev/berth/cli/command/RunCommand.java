package dev.berth.cli.command;

import dev.berth.cli.api.CliException;
import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.HijackedConnection;
import dev.berth.cli.api.HttpRequest;
import dev.berth.cli.api.HttpResponse;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code berth run IMAGE [COMMAND] [ARG...]}, in the docker CLI's order: create (pulling a missing image), attach
 * and wait before start so no output and no exit is missed, start, stream, then exit with the container's status.
 * Failures exit as docker's do: 125 for the daemon, 126 when the command cannot be run, 127 when it is not found.
 */
public final class RunCommand extends DaemonCommand implements PositionalCommand, SpecifiedCommand {
    private static final List<Flag> FLAGS = List.of(
            new Flag(Flag.Kind.FLAG, "", "Run container in background and print container ID", "-d", "--detach"),
            new Flag(Flag.Kind.STRING, "string", "Override the key sequence for detaching a container",
                    "--detach-keys"),
            new Flag(Flag.Kind.FLAG_DEFAULT_TRUE, "<sigProxy>", "Proxy received signals to the process", "--sig-proxy"));

    ContainerOptions options;
    boolean detach;
    String detachKeys = "";
    boolean sigProxy = true;
    List<String> command = new ArrayList<>();

    @Override
    public CommandSpec spec() {
        spec = CommandSpec.wrapWithoutInspection(this).name("run");
        spec.usageMessage().description("Create and run a new container from an image");
        ContainerOptions.addTo(spec);
        FLAGS.forEach(flag -> spec.addOption(flag.option()));
        spec.addPositional(ContainerCreator.imageAndCommand());
        return spec;
    }

    /** The parsed flags and arguments into this command's fields. */
    private void readParsed() {
        options = ContainerOptions.of(spec);
        detach = Boolean.TRUE.equals(Flag.option(spec, "-d").getValue());
        String keys = Flag.option(spec, "--detach-keys").getValue();
        detachKeys = keys == null ? "" : keys;
        sigProxy = !Boolean.FALSE.equals(Flag.option(spec, "--sig-proxy").getValue());
        command = ContainerCreator.imageAndCommand(spec);
    }

    @Override
    int run() {
        readParsed();
        if (detach && !options.attach.isEmpty()) {
            throw new CliException("conflicting options: cannot specify both --attach and --detach");
        }
        boolean attachStdin = !detach && (options.attach.contains("stdin") || options.interactive && options.attach.isEmpty());
        boolean attachOutput = !detach && (options.attach.isEmpty() || options.attach.contains("stdout")
                || options.attach.contains("stderr"));
        if (attachStdin && options.tty && !Streams.stdinIsTerminal(root())) {
            throw new CliException("the input device is not a TTY");
        }
        String id;
        try {
            id = ContainerCreator.create(this, options, command.getFirst(), command.subList(1, command.size()), detach);
        } catch (DaemonException e) {
            return report(e);
        } catch (ConfigException e) {
            return report(e.getMessage(), 125);
        }
        ContainerSignals signals = sigProxy && !options.tty && Streams.isProcess(root())
                ? ContainerSignals.forward(client(), id) : null;
        try {
            return attachAndStart(id, attachStdin, attachOutput);
        } finally {
            if (signals != null) {
                signals.close();
            }
        }
    }

    private int attachAndStart(String id, boolean attachStdin, boolean attachOutput) {
        Optional<HttpRequest> attach = attachStdin || attachOutput
                ? Optional.of(ContainerStreams.attachRequest(id, attachStdin, options.attach, detachKeys))
                : Optional.empty();
        try (ContainerStreams.Watch watch = ContainerStreams.watch(this, id, attach,
                options.autoRemove ? "removed" : "next-exit")) {
            Optional<HijackedConnection> attached = watch.attached();
            HttpResponse wait = watch.exit();
            if (!attachOutput) {
                out().println(id);
                out().flush();
            }
            try {
                client().send("POST", "/containers/" + id + "/start", dev.berth.cli.api.Query.empty()).close();
            } catch (DaemonException e) {
                attached.ifPresent(HijackedConnection::close);
                int code = report(e);
                if (options.autoRemove) {
                    ContainerStreams.exitCode(this, wait);
                }
                return code;
            }
            if (attached.isPresent()) {
                ContainerResize resize = options.tty && Streams.stdoutIsTerminal(root())
                        ? ContainerResize.monitor(client(), "/containers/" + id) : null;
                AttachSession.End end;
                try (HijackedConnection connection = attached.get()) {
                    end = ContainerStreams.session(this, connection, options.tty, attachStdin, detachKeys, resize).run();
                } catch (IOException e) {
                    throw new UncheckedIOException("attach " + id, e);
                } finally {
                    if (resize != null) {
                        resize.close();
                    }
                }
                if (end == AttachSession.End.DETACHED || !attachOutput) {
                    return 0;
                }
            }
            if (!attachOutput) {
                return 0;
            }
            return ContainerStreams.exitCode(this, wait);
        }
    }

    /** docker's report of a failed create or start: the message, where to get help, and the exit status. */
    private int report(DaemonException e) {
        return report(e.getMessage(), exitStatus(e.daemonMessage()));
    }

    /** 127 when the command is not there, 126 when it cannot be run, else 125: docker's statuses. */
    private static int exitStatus(String message) {
        if (message.contains("executable file not found") || message.contains("no such file or directory")
                || message.contains("system cannot find the file specified")) {
            return 127;
        }
        if (message.contains("permission denied") || message.contains("is a directory")) {
            return 126;
        }
        return 125;
    }

    private int report(String message, int code) {
        out().flush();
        err().println("berth: " + message);
        err().println();
        err().println("Run '" + spec.qualifiedName() + " --help' for more information");
        err().flush();
        return code;
    }
}
