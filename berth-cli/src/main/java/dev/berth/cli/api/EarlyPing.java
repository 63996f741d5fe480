package dev.berth.cli.api;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The daemon's {@code /_ping}, asked on a second thread as the CLI starts, while the first builds the command's
 * model: the first connection costs a cold JVM more than the exchange itself (the JDK's unix-domain sockets make a
 * {@code SecureRandom} on first use, which loads the security providers), and a command asks for the ping before
 * anything else. An {@link EngineClient} for the same host takes the answer, or its failure, as its own; a command
 * that never talks to the daemon leaves it unused.
 */
public final class EarlyPing {
    private final DaemonHost host;
    private final FutureTask<EngineClient.Ping> task;

    private EarlyPing(DaemonHost host) {
        this.host = host;
        // a Callable class, not a lambda: its call site would be linked at every start (main is not AOT-trained)
        this.task = new FutureTask<>(new Ask(new UnixHttpTransport(host)));
    }

    /** Starts asking {@code host}. */
    public static EarlyPing start(DaemonHost host) {
        EarlyPing ping = new EarlyPing(host);
        Thread.ofPlatform().daemon().name("early-ping").start(ping.task);
        return ping;
    }

    public DaemonHost host() {
        return host;
    }

    /** The answer, or the failure the ping met (as the caller's own exception). */
    EngineClient.Ping await() {
        try {
            return task.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException("interrupted while waiting for the daemon's ping", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new CompletionException(e.getCause());
        }
    }

    private record Ask(UnixHttpTransport transport) implements Callable<EngineClient.Ping> {
        @Override
        public EngineClient.Ping call() {
            return EngineClient.ping(transport);
        }
    }
}
