package dev.berth.oci.linux;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Keeps a native call that may wait in the kernel for as long as another party likes (a recv on a quiet socket, a
 * send to a peer that stopped reading, a flock another process holds) off the carriers of virtual threads. A downcall
 * pins its carrier for its whole duration, and the scheduler makes up for it as it does for the JDK's own blocking
 * I/O only there, not here: with as many such waits as there are carriers (2 on a 2-core host), no other virtual
 * thread runs and the daemon stops answering. On a virtual thread the call is first tried without waiting; only when
 * it would wait does a platform thread make the waiting call while the virtual thread parks. On a platform thread the
 * call waits in place.
 */
final class BlockingCall {
    /** {@code EAGAIN}, also {@code EWOULDBLOCK}: the call would have had to wait. */
    static final int EAGAIN = 11;

    private static final ExecutorService WAITERS =
            Executors.newCachedThreadPool(Thread.ofPlatform().daemon().name("berth-blocking-call-", 0).factory());

    private BlockingCall() {}

    /** One attempt at the call: without waiting when {@code dontWait} ({@code MSG_DONTWAIT}, {@code LOCK_NB}). */
    @FunctionalInterface
    interface Attempt<T> {
        T run(boolean dontWait) throws IOException;
    }

    /**
     * The call's result; its failure as thrown by the attempt. The virtual thread waits for a call handed over
     * without giving up on interrupt (its interrupt status is kept): the call's buffer and descriptor stay in use
     * until it returns, and what ends the wait is what ends the call, such as closing the socket.
     */
    static <T> T run(Attempt<T> attempt) throws IOException {
        if (!Thread.currentThread().isVirtual()) {
            return attempt.run(false);
        }
        try {
            return attempt.run(true);
        } catch (ErrnoException e) {
            if (e.errno() != EAGAIN) {
                throw e;
            }
        }
        CompletableFuture<T> done = new CompletableFuture<>();
        WAITERS.execute(() -> {
            try {
                done.complete(attempt.run(false));
            } catch (IOException | RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        try {
            return done.join();
        } catch (CompletionException e) {
            switch (e.getCause()) {
                case IOException io -> throw io;
                case RuntimeException re -> throw re;
                case Error err -> throw err;
                default -> throw e;
            }
        }
    }
}
