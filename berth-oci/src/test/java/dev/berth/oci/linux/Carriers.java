package dev.berth.oci.linux;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** The carriers of the virtual-thread scheduler, for tests that keep every one of them waiting. */
public final class Carriers {
    private Carriers() {}

    /** How many carriers the scheduler runs virtual threads on (its parallelism). */
    public static int count() {
        return Integer.getInteger("jdk.virtualThreadScheduler.parallelism",
                Runtime.getRuntime().availableProcessors());
    }

    /** Fails unless a new virtual thread gets to run within 30 s while {@code waits} (a description) go on. */
    public static void assertAVirtualThreadRuns(String waits) throws InterruptedException, ExecutionException {
        CompletableFuture<Boolean> ran = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> ran.complete(true));
        try {
            ran.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new AssertionError("no virtual thread ran within 30 s while " + waits
                    + ": their waits hold every carrier", e);
        }
    }
}
