package dev.berth.engine.container;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Which containers a policy brings back after an exit, and which at the daemon's start, as dockerd decides. */
class RestartPolicyTest {
    @Test
    void afterAnExit_aStopByHandHoldsEveryPolicy() {
        assertThat(new RestartPolicy("always", 0).shouldRestart(0, 5, false)).isTrue();
        assertThat(new RestartPolicy("always", 0).shouldRestart(137, 0, true)).isFalse();
        assertThat(new RestartPolicy("unless-stopped", 0).shouldRestart(1, 0, true)).isFalse();
        assertThat(new RestartPolicy("on-failure", 2).shouldRestart(1, 1, false)).isTrue();
        assertThat(new RestartPolicy("on-failure", 2).shouldRestart(1, 2, false)).isFalse();
        assertThat(new RestartPolicy("on-failure", 0).shouldRestart(0, 0, false)).isFalse();
        assertThat(RestartPolicy.NO.shouldRestart(1, 0, false)).isFalse();
    }

    /** dockerd's restore asks its restart manager with the stop by hand, which holds back unless-stopped only. */
    @Test
    void atTheDaemonsStart_alwaysAndOnFailureComeBackEvenAfterAStopByHand() {
        assertThat(new RestartPolicy("always", 0).restartsWithDaemon(0, 0, true)).isTrue();
        assertThat(new RestartPolicy("unless-stopped", 0).restartsWithDaemon(0, 0, false)).isTrue();
        assertThat(new RestartPolicy("unless-stopped", 0).restartsWithDaemon(137, 0, true)).isFalse();
        assertThat(new RestartPolicy("on-failure", 0).restartsWithDaemon(143, 7, true)).isTrue();
        assertThat(new RestartPolicy("on-failure", 3).restartsWithDaemon(1, 3, false)).as("count spent").isFalse();
        assertThat(new RestartPolicy("on-failure", 3).restartsWithDaemon(0, 0, false)).as("exited 0").isFalse();
        assertThat(RestartPolicy.NO.restartsWithDaemon(1, 0, false)).isFalse();
    }

    /** dockerd's restart manager: 100 ms, doubling, at most a minute; back to 100 ms after a run of 10 s or more. */
    @Test
    void backoff_doublesFrom100Ms_upToAMinute_andStartsOverAfterALongRun() {
        Duration quick = Duration.ofMillis(50);
        assertThat(RestartPolicy.backoff(Duration.ZERO, quick)).isEqualTo(Duration.ofMillis(100));
        assertThat(RestartPolicy.backoff(Duration.ofMillis(100), quick)).isEqualTo(Duration.ofMillis(200));
        assertThat(RestartPolicy.backoff(Duration.ofMillis(400), quick)).isEqualTo(Duration.ofMillis(800));
        assertThat(RestartPolicy.backoff(Duration.ofSeconds(40), quick)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RestartPolicy.backoff(Duration.ofMinutes(1), quick)).isEqualTo(Duration.ofMinutes(1));
        assertThat(RestartPolicy.backoff(Duration.ofSeconds(40), Duration.ofSeconds(10)))
                .isEqualTo(Duration.ofMillis(100));
    }
}
