package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class ParallelStepsTest {
    @Test
    void anErrorInAStepOnAVirtualThread_failsTheRun_afterEveryStepRan() {
        AtomicBoolean first = new AtomicBoolean();
        assertThatThrownBy(() -> ParallelSteps.run(List.of(() -> first.set(true), () -> {
            throw new StackOverflowError("layer");
        }))).isInstanceOf(StackOverflowError.class).hasMessage("layer");
        assertThat(first).isTrue();
    }

    @Test
    void theFirstFailureInTheStepsOrder_isThrown_withTheOthersSuppressed() {
        assertThatThrownBy(() -> ParallelSteps.run(List.of(() -> {
            throw new IllegalStateException("hooks");
        }, () -> {
            throw new AssertionError("layer");
        }))).isInstanceOf(IllegalStateException.class).hasMessage("hooks")
                .satisfies(e -> assertThat(e.getSuppressed()).singleElement().isInstanceOf(AssertionError.class));
    }
}
