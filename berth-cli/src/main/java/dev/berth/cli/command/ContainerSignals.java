package dev.berth.cli.command;

import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Query;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * {@code --sig-proxy}: SIGINT, SIGTERM and SIGHUP sent to berth go to the container instead
 * ({@code POST /containers/{id}/kill?signal=…}), so ctrl-c stops the container and berth exits with its status.
 */
final class ContainerSignals implements AutoCloseable {
    private static final String[] SIGNALS = {"INT", "TERM", "HUP"};
    private final Map<Signal, SignalHandler> previous = new LinkedHashMap<>();

    private ContainerSignals(EngineClient client, String id) {
        for (String name : SIGNALS) {
            Signal signal = new Signal(name);
            previous.put(signal, Signal.handle(signal, s -> Thread.ofVirtual().start(() -> kill(client, id, name))));
        }
    }

    static ContainerSignals forward(EngineClient client, String id) {
        return new ContainerSignals(client, id);
    }

    private static void kill(EngineClient client, String id, String name) {
        try {
            client.send("POST", "/containers/" + id + "/kill", Query.empty().with("signal", "SIG" + name)).close();
        } catch (DaemonException | UncheckedIOException e) {
            // the container may have exited already: nothing left to signal
            return;
        }
    }

    @Override
    public void close() {
        previous.forEach(Signal::handle);
    }
}
