package dev.berth.cli.api;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The daemon's {@code /_ping}, asked on a second thread as the CLI starts, while the first builds the command's
 * model: the first connection costs a cold JVM more than the exchange itself (the JDK loads its unix-domain socket
 * support and security properties then, see {@link UnixSockets}), and a command asks for the ping before
 * anything else. An {@link EngineClient} for the same host takes the answer, or its failure, as its own; a command
 * that never talks to the daemon leaves it unused.
 */
public final class EarlyPing {
    private final DaemonHost host;
    private final CompletableFuture<EngineClient.Ping> answer = new CompletableFuture<>();

    private EarlyPing(DaemonHost host) {
        this.host = host;
    }

    /** Starts asking {@code host}. */
    public static EarlyPing start(DaemonHost host) {
        EarlyPing ping = new EarlyPing(host);
        // a Runnable class, not a lambda: its call site would be linked at every start (main is not AOT-trained)
        Thread.ofPlatform().daemon().name("early-ping").start(new Ask(new UnixHttpTransport(host), ping.answer));
        return ping;
    }

    public DaemonHost host() {
        return host;
    }

    /** The answer, or the failure the ping met (as the caller's own exception). */
    EngineClient.Ping await() {
        try {
            return answer.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw e;
        }
    }

    private record Ask(UnixHttpTransport transport, CompletableFuture<EngineClient.Ping> answer) implements Runnable {
        @Override
        public void run() {
            try (HttpResponse response = EngineClient.askPing(transport)) {
                // answered before the connection closes: the JDK loads its IP support (sun.nio.ch.Net) at the first
                // close of a connected socket, a few ms the command need not wait for
                answer.complete(EngineClient.ping(response));
            } catch (RuntimeException | Error e) {
                if (!answer.completeExceptionally(e)) {
                    throw e; // the close, after the answer: this thread's to report
                }
            }
        }
    }
}
