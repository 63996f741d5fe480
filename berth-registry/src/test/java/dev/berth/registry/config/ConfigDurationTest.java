package dev.berth.registry.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ConfigDurationTest {
    @Test
    void readsGoDurations() {
        assertThat(ConfigDuration.parse("f", "24h")).isEqualTo(Duration.ofHours(24));
        assertThat(ConfigDuration.parse("f", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(ConfigDuration.parse("f", "10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(ConfigDuration.parse("f", "1m500ms")).isEqualTo(Duration.ofMillis(60_500));
        assertThat(ConfigDuration.parse("f", "0")).isZero();
    }

    @Test
    void refusesAnythingElse_namingTheField() {
        for (String bad : new String[] {"", "h", "10", "1d", "1h x", "-1h", "1.5h", "PT1H"}) {
            assertThatThrownBy(() -> ConfigDuration.parse("config: gc.interval", bad))
                    .hasMessageStartingWith("config: gc.interval: invalid duration \"" + bad + "\"");
        }
    }
}
