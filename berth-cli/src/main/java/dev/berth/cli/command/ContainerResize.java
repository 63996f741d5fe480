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
 * start, then on every {@code SIGWINCH}, {@code POST …/resize?h=ROWS&w=COLUMNS}; and before typed input is
 * forwarded ({@link #catchUp}), so that keys typed after a resize reach a terminal of the new size.
 */
final class ContainerResize implements AutoCloseable {
    private static final Signal WINCH = new Signal("WINCH");
    private final EngineClient client;
    private final String path;
    private final SignalHandler previous;
    /** The size last sent; guarded by {@code this}, so a new size is sent once, by whoever notices it first. */
    private int sentRows;
    private int sentColumns;

    private ContainerResize(EngineClient client, String path) {
        this.client = client;
        this.path = path;
        catchUp();
        this.previous = Signal.handle(WINCH, s -> Thread.ofVirtual().start(this::catchUp));
    }

    /** @param path {@code /containers/ID} or {@code /exec/ID} */
    static ContainerResize monitor(EngineClient client, String path) {
        return new ContainerResize(client, path);
    }

    /**
     * Sends the terminal's size if it changed since the last one sent. The kernel changes the size before it
     * signals {@code SIGWINCH}, but the JVM runs the signal's handler later, on a thread of its own, and the resize
     * then takes its own connection to the daemon: keys typed right after a resize (as {@code stty size}) overtook
     * it and ran at the old size. The input forwarder calls this before each chunk it sends, which holds the keys
     * back until the daemon has the new size (an {@code ioctl} per chunk while the size is unchanged).
     */
    synchronized void catchUp() {
        WindowSize size = Tty.windowSize(Tty.STDOUT).orElse(new WindowSize(0, 0));
        if (size.rows() == 0 && size.columns() == 0 || size.rows() == sentRows && size.columns() == sentColumns) {
            return;
        }
        sentRows = size.rows();
        sentColumns = size.columns();
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
