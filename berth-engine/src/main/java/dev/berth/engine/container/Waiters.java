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
        List<Waiter> list = byId.computeIfAbsent(id, k -> new ArrayList<>());
        // waits whose clients went away (cancelled): a long-running container would otherwise collect them
        list.removeIf(w -> w.result().isDone());
        list.add(new Waiter(condition, f));
        return f;
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
