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
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code berth start}: {@code POST /containers/{id}/start} for each container; with {@code -a}/{@code -i}, one
 * container attached as {@code run} does, exiting with its status.
 */
@Command(name = "start", mixinStandardHelpOptions = true, description = "Start one or more stopped containers")
public final class StartCommand extends DaemonCommand {
    @Option(names = {"-a", "--attach"}, description = "Attach STDOUT/STDERR and forward signals")
    boolean attach;

    @Option(names = {"-i", "--interactive"}, description = "Attach container's STDIN")
    boolean interactive;

    @Option(names = "--detach-keys", paramLabel = "string", description = "Override the key sequence for detaching a container")
    String detachKeys = "";

    @Parameters(paramLabel = "CONTAINER", arity = "1..*")
    List<String> containers = new ArrayList<>();

    @Override
    int run() {
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
        try (HijackedConnection connection = ContainerStreams.attach(this, id, stdin, List.of(), detachKeys);
             HttpResponse wait = ContainerStreams.waitFor(this, id, "next-exit")) {
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
