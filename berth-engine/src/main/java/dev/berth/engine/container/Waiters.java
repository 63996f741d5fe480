package dev.berth.engine.container;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Pending waits per container, completed with the exit code when a container exits or is removed. */
final class Waiters {
    private record Waiter(WaitCondition condition, CompletableFuture<Integer> result) {}

    private final Map<String, List<Waiter>> byId = new HashMap<>();

    synchronized CompletableFuture<Integer> add(String id, WaitCondition condition) {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        Waiter waiter = new Waiter(condition, f);
        byId.computeIfAbsent(id, k -> new ArrayList<>()).add(waiter);
        // A wait whose client went away is cancelled: it leaves at once, or a long-running container would collect
        // one per `docker run -d` until it exits.
        f.whenComplete((code, failure) -> {
            if (f.isCancelled()) {
                forget(id, waiter);
            }
        });
        return f;
    }

    private synchronized void forget(String id, Waiter waiter) {
        List<Waiter> list = byId.get(id);
        if (list != null && list.remove(waiter) && list.isEmpty()) {
            byId.remove(id);
        }
    }

    /** Waits pending on {@code id} (for tests). */
    synchronized int pending(String id) {
        List<Waiter> list = byId.get(id);
        return list == null ? 0 : list.size();
    }

    /** The container exited with {@code code}: ends the waits for an exit. */
    void exited(String id, int code) {
        complete(id, code, false);
    }

    /** The container is gone: ends every wait. */
    void removed(String id, int code) {
        complete(id, code, true);
    }

    private void complete(String id, int code, boolean removed) {
        List<Waiter> done = new ArrayList<>();
        synchronized (this) {
            List<Waiter> list = byId.get(id);
            if (list == null) {
                return;
            }
            list.removeIf(w -> {
                if (removed || w.condition() != WaitCondition.REMOVED) {
                    done.add(w);
                    return true;
                }
                return false;
            });
            if (list.isEmpty()) {
                byId.remove(id);
            }
        }
        done.forEach(w -> w.result().complete(code));
    }
}
