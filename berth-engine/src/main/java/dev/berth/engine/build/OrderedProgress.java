package dev.berth.engine.build;

import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the output of stages built at the same time in stage order, as a sequential build would print it: the
 * earliest unfinished stage writes through, later ones are held until every stage before them has finished.
 */
final class OrderedProgress {
    private final BuildProgress out;
    private final List<List<Runnable>> held = new ArrayList<>();
    private final boolean[] finished;
    private int current;

    OrderedProgress(BuildProgress out, int stages) {
        this.out = out;
        this.finished = new boolean[stages];
        for (int i = 0; i < stages; i++) {
            held.add(new ArrayList<>());
        }
    }

    BuildProgress forStage(int i) {
        return new BuildProgress() {
            @Override
            public void stream(String text) {
                emit(i, () -> out.stream(text));
            }

            @Override
            public void output(String text, boolean stderr) {
                emit(i, () -> out.output(text, stderr));
            }
        };
    }

    private synchronized void emit(int i, Runnable r) {
        if (i == current) {
            r.run();
        } else {
            held.get(i).add(r);
        }
    }

    synchronized void finished(int i) {
        finished[i] = true;
        while (current < finished.length && finished[current]) {
            current++;
            if (current < finished.length) {
                held.get(current).forEach(Runnable::run);
                held.get(current).clear();
            }
        }
    }
}
