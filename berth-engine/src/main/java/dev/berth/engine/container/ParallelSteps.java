package dev.berth.engine.container;

import java.util.List;

/**
 * Independent steps of one lifecycle operation, run at once: a container's exit and removal release what separate
 * parts of the daemon hold (runtime state, network sandbox, container layer), its start records it as running
 * while the runtime starts it; each step mostly waits on another program or the kernel, so together they take as
 * long as the slowest instead of the sum. Every step runs to its end
 * whatever the others do; the first failure, in the steps' order, is thrown with the others suppressed. An
 * {@link Error} is a failure too: a step on a virtual thread that ended with one would otherwise pass for done.
 */
final class ParallelSteps {
    private ParallelSteps() {}

    /** Runs {@code steps}, the first on the calling thread and each other on a virtual thread of its own. */
    static void run(List<Runnable> steps) {
        Throwable[] failures = new Throwable[steps.size()];
        Thread[] threads = new Thread[steps.size()];
        for (int i = 1; i < steps.size(); i++) {
            int index = i;
            threads[i] = Thread.ofVirtual().name("berth-step").start(() -> failures[index] = attempt(steps.get(index)));
        }
        failures[0] = steps.isEmpty() ? null : attempt(steps.get(0));
        boolean interrupted = false;
        for (int i = 1; i < steps.size(); i++) {
            while (true) {
                try {
                    threads[i].join();
                    break;
                } catch (InterruptedException e) {
                    // The steps release what the container holds: leaving one half done would leak it.
                    interrupted = true;
                }
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        Throwable first = null;
        for (Throwable f : failures) {
            if (f == null) {
                continue;
            }
            if (first == null) {
                first = f;
            } else {
                first.addSuppressed(f);
            }
        }
        if (first instanceof RuntimeException e) {
            throw e;
        }
        if (first instanceof Error e) {
            throw e;
        }
    }

    private static Throwable attempt(Runnable step) {
        try {
            step.run();
            return null;
        } catch (RuntimeException | Error e) {
            return e;
        }
    }
}
