package dev.berth.cli.command;

import dev.berth.cli.api.DaemonException;
import dev.berth.cli.api.EngineClient;
import dev.berth.cli.api.Query;
import dev.berth.cli.terminal.Tty;
import dev.berth.cli.terminal.WindowSize;
import java.io.UncheckedIOException;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Keeps a container's (or exec's) TTY the size of berth's terminal, as docker's {@code MonitorTtySize}: once at
 * start, then on every {@code SIGWINCH}, {@code POST …/resize?h=ROWS&w=COLUMNS}.
 */
final class ContainerResize implements AutoCloseable {
    private static final Signal WINCH = new Signal("WINCH");
    private final EngineClient client;
    private final String path;
    private final SignalHandler previous;

    private ContainerResize(EngineClient client, String path) {
        this.client = client;
        this.path = path;
        resize();
        this.previous = Signal.handle(WINCH, s -> Thread.ofVirtual().start(this::resize));
    }

    /** @param path {@code /containers/ID} or {@code /exec/ID} */
    static ContainerResize monitor(EngineClient client, String path) {
        return new ContainerResize(client, path);
    }

    private void resize() {
        WindowSize size = Tty.windowSize(Tty.STDOUT).orElse(new WindowSize(0, 0));
        if (size.rows() == 0 && size.columns() == 0) {
            return;
        }
        Query q = Query.empty().with("h", Integer.toString(size.rows())).with("w", Integer.toString(size.columns()));
        try {
            client.send("POST", path + "/resize", q).close();
        } catch (DaemonException | UncheckedIOException e) {
            // docker ignores a failed resize too (the process may have exited meanwhile): the session goes on
            return;
        }
    }

    @Override
    public void close() {
        Signal.handle(WINCH, previous);
    }
}
