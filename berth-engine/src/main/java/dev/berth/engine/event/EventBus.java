package dev.berth.engine.event;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Predicate;

/**
 * Publishes daemon events to subscribers and keeps the most recent ones, so that {@code GET /events?since=…} can
 * replay them (dockerd keeps the last 256 too). A subscriber gets its own unbounded queue; the HTTP layer drains it.
 */
public final class EventBus {
    static final int HISTORY = 256;

    private final ArrayDeque<Event> recent = new ArrayDeque<>();
    private final List<Subscription> subscribers = new CopyOnWriteArrayList<>();

    /** A live feed of events; closing it stops delivery. */
    public final class Subscription implements AutoCloseable {
        private final BlockingQueue<Event> queue = new LinkedBlockingQueue<>();
        private final Predicate<Event> filter;

        private Subscription(Predicate<Event> filter) {
            this.filter = filter;
        }

        public BlockingQueue<Event> queue() {
            return queue;
        }

        @Override
        public void close() {
            subscribers.remove(this);
        }
    }

    public void publish(Event event) {
        synchronized (recent) {
            recent.addLast(event);
            if (recent.size() > HISTORY) {
                recent.removeFirst();
            }
            for (Subscription s : subscribers) {
                if (s.filter.test(event)) {
                    s.queue.add(event);
                }
            }
        }
    }

    /**
     * Subscribes to the events {@code filter} accepts, first queueing the kept ones at or after {@code since}; replay
     * and subscription happen atomically, so no event is seen twice or lost in between.
     */
    public Subscription subscribe(Predicate<Event> filter, Instant since) {
        Subscription s = new Subscription(filter);
        synchronized (recent) {
            for (Event e : recent) {
                if (!e.time().isBefore(since) && filter.test(e)) {
                    s.queue.add(e);
                }
            }
            subscribers.add(s);
        }
        return s;
    }

    /** The kept events, oldest first. */
    public List<Event> recent() {
        synchronized (recent) {
            return new ArrayList<>(recent);
        }
    }
}
