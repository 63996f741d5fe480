package dev.berth.client.testing;

import dev.berth.client.pull.PullEvent;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;

/** Collects pull events, and prints them as docker's plain progress lines for readable failures. */
public final class Events implements Consumer<PullEvent> {
    private final List<PullEvent> all = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void accept(PullEvent e) {
        all.add(e);
    }

    public List<PullEvent> all() {
        return List.copyOf(all);
    }

    public <T extends PullEvent> List<T> of(Class<T> type) {
        return all().stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** {@code id: status} lines, without the Downloading ones. */
    public List<String> lines() {
        return all().stream().filter(e -> !(e instanceof PullEvent.Downloading))
                .map(e -> e.id().map(id -> id + ": ").orElse("") + e.status()).toList();
    }
}
