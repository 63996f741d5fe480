package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class WaitersTest {
    @Test
    void aCancelledWait_leavesAtOnce_andTheOthersStillEnd() {
        Waiters waiters = new Waiters();
        CompletableFuture<Integer> gone = waiters.add("c1", WaitCondition.NOT_RUNNING);
        CompletableFuture<Integer> staying = waiters.add("c1", WaitCondition.NOT_RUNNING);
        CompletableFuture<Integer> removal = waiters.add("c1", WaitCondition.REMOVED);

        gone.cancel(false);

        assertThat(waiters.pending("c1")).isEqualTo(2);
        waiters.exited("c1", 3);
        assertThat(staying).isCompletedWithValue(3);
        assertThat(removal).isNotDone();
        assertThat(waiters.pending("c1")).isEqualTo(1);
        waiters.removed("c1", 3);
        assertThat(removal).isCompletedWithValue(3);
        assertThat(waiters.pending("c1")).isZero();
    }

    @Test
    void cancellingEveryWait_forgetsTheContainer() {
        Waiters waiters = new Waiters();
        waiters.add("c2", WaitCondition.NEXT_EXIT).cancel(false);
        assertThat(waiters.pending("c2")).isZero();
    }
}
